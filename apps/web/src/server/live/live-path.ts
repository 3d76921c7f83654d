// Where the live WebSocket is served: the one upgrade path this app takes for itself (every other
// upgrade, such as Next's dev HMR socket, goes to Next).
export const LIVE_PATH = '/api/live';

export function isLivePath(url: string | undefined): boolean {
  return new URL(url ?? '/', 'http://localhost').pathname === LIVE_PATH;
}
