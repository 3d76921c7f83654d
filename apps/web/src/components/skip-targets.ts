// Element ids the skip links jump to (components/skip-links.tsx). Kept out of the 'use client'
// module so the server layout imports plain strings, not client references.
export const CONTENT_ID = 'content';
export const WATCHLIST_ID = 'watchlist';
