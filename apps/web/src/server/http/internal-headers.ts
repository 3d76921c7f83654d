// Request headers the web server (server.ts) sets for the Next app after computing them from the
// TCP connection. Any copy a client sends is removed first, so code inside Next can trust them.
export const CLIENT_IP_HEADER = 'x-coinview-client-ip';
/** "1" when the client is on this machine (loopback peer, not forwarded by a proxy). */
export const CLIENT_LOCAL_HEADER = 'x-coinview-client-local';

export const INTERNAL_HEADERS = [CLIENT_IP_HEADER, CLIENT_LOCAL_HEADER] as const;
