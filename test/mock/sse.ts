// Server-sent-event framing as each provider writes it on the wire.

/** OpenAI style: a bare data line. */
export function dataEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** Anthropic style: a named event whose name repeats the payload's `type`. */
export function namedEvent(name: string, payload: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** Gemini style: Google's servers end each event with CRLF pairs. */
export function crlfDataEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\r\n\r\n`;
}
