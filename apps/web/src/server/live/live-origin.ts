// The one Origin a live socket may come from: AUTH_URL's (the launcher always sets it), else the
// local default. Never derived from the Host header, which whoever connects chooses.
export function liveAppOrigin(config: { AUTH_URL?: string; WEB_PORT?: number }): string {
  if (config.AUTH_URL) return new URL(config.AUTH_URL).origin;
  return `http://localhost:${config.WEB_PORT ?? 3000}`;
}
