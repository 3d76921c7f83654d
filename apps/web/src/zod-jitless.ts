// zod 4 compiles object parsers with `new Function` when it may, and finds out by trying once.
// Under the app's Content-Security-Policy (no 'unsafe-eval') that attempt is blocked and reported
// as a violation in every browser tab; so the browser parses without compiling (the same result).
import { z } from 'zod';

z.config({ jitless: true });
