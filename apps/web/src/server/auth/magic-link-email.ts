// The sign-in link email: a plain-text body and a simple, inline-styled HTML body (email clients
// ignore stylesheets).

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderMagicLinkEmail(params: {
  url: string;
  host: string;
  expires: Date;
}): RenderedEmail {
  const minutes = Math.max(1, Math.round((params.expires.getTime() - Date.now()) / 60_000));
  const validity = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  const subject = `Sign in to Coinview`;
  const text = [
    `Sign in to Coinview (${params.host})`,
    '',
    'Open this link to sign in:',
    params.url,
    '',
    `The link works once and expires in ${validity}.`,
    'If you did not ask for it, ignore this email: nobody can sign in without the link.',
  ].join('\n');

  const url = escapeHtml(params.url);
  const host = escapeHtml(params.host);
  const html = `<!doctype html>
<html><body style="margin:0;padding:0;background:#0b0e14;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#0b0e14;padding:32px 12px">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px;background:#131722;border:1px solid #2a2e39;border-radius:8px">
<tr><td style="padding:28px 28px 8px;color:#d1d4dc;font-size:20px;font-weight:600">
<span style="color:#26a69a">&#9650;</span> Coinview</td></tr>
<tr><td style="padding:8px 28px;color:#b2b5be;font-size:15px;line-height:22px">
Click the button to sign in to <strong style="color:#d1d4dc">${host}</strong>.</td></tr>
<tr><td style="padding:16px 28px" align="left">
<a href="${url}" style="display:inline-block;background:#2962ff;color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 22px;border-radius:6px">Sign in to Coinview</a></td></tr>
<tr><td style="padding:8px 28px 4px;color:#787b86;font-size:13px;line-height:19px">
Or paste this link into your browser:<br><a href="${url}" style="color:#2962ff;word-break:break-all">${url}</a></td></tr>
<tr><td style="padding:12px 28px 28px;color:#787b86;font-size:13px;line-height:19px">
The link works once and expires in ${validity}. If you did not ask for it, ignore this email.</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}
