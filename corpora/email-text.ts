// Readable text from a raw RFC 822 email: the Subject plus the text of the body. Decodes
// base64 and quoted-printable, walks multipart bodies (text/plain preferred over text/html),
// strips HTML tags and common entities. Good enough for a spam classifier, not a MIME library.

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const head = cut === -1 ? text : text.slice(0, cut);
  const body = cut === -1 ? '' : text.slice(cut + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(part: Part): string {
  const enc = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (enc === 'base64') {
    return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  }
  if (enc === 'quoted-printable') {
    return part.body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return part.body;
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e.startsWith('#')) return String.fromCharCode(Number(e.slice(1)) % 0x10000);
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

function partText(part: Part, depth = 0): string {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1];
  if (type.startsWith('multipart/') && boundary && depth < 5) {
    const pieces = part.body.split(`--${boundary}`).slice(1);
    const parts = pieces.filter((p) => !p.startsWith('--')).map((p) => splitPart(p.replace(/^\n/, '')));
    const plain = parts.filter((p) => (p.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith('text/plain'));
    const chosen = plain.length > 0 ? plain : parts;
    return chosen.map((p) => partText(p, depth + 1)).join(' ');
  }
  if (type.startsWith('text/html')) return htmlToText(decodeBody(part));
  if (type.startsWith('text/') || !part.headers.has('content-type')) return decodeBody(part);
  return '';
}

/** Subject and body text of an email, whitespace collapsed to single spaces. */
export function emailText(raw: string): string {
  const part = splitPart(raw);
  const subject = part.headers.get('subject') ?? '';
  return `${subject} ${partText(part)}`.replace(/\s+/g, ' ').trim();
}
