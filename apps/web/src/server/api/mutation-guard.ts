// Cross-site request forgery guard for the tRPC endpoint. A page on another site can make the
// browser POST here with the user's cookie: an HTML form (multipart/form-data, urlencoded,
// text/plain) without any preflight, or fetch() without reading the answer. So a mutation is
// accepted only as JSON (which cross-site needs a CORS preflight we never grant) and only from the
// app's own origin (AUTH_URL's, never the Host header a client chose).
export function refuseCrossSiteMutation(req: Request, appOrigin: string): Response | null {
  if (req.method !== 'POST') return null;
  const origin = req.headers.get('origin');
  // Browsers send Origin with every POST; without one, Fetch Metadata still tells where it came
  // from. Neither (curl, a script) is no browser, so no cookie of a victim is at stake.
  const foreign =
    origin !== null
      ? origin !== appOrigin
      : (req.headers.get('sec-fetch-site') ?? 'same-origin') !== 'same-origin';
  if (foreign) return refusal(403, 'Cross-site requests are not accepted');
  const mediaType = req.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json')
    return refusal(415, 'Mutations must be sent as application/json');
  return null;
}

function refusal(status: number, message: string): Response {
  return Response.json(
    { error: { message, code: status === 403 ? 'FORBIDDEN' : 'UNSUPPORTED_MEDIA_TYPE' } },
    { status },
  );
}
