// Vite (and so Vitest) imports any file's text with `?raw`: the tests read recorded market data so.
declare module '*.csv?raw' {
  const text: string;
  export default text;
}
