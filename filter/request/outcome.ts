// What the request-body phase decided: forward as is, forward a rewritten
// body, or refuse with a status and a message (sent in the provider's shape).

export class RequestOutcome {
  /** 0 to forward; otherwise the HTTP status of the local reply. */
  status: i32 = 0;
  /** Short machine-readable reason for refusals, e.g. "invalid_request_error". */
  kind: string = "";
  message: string = "";
  /** The body to forward instead of the client's, or null to forward it untouched. */
  body: Uint8Array | null = null;

  static refuse(status: i32, kind: string, message: string): RequestOutcome {
    const o = new RequestOutcome();
    o.status = status;
    o.kind = kind;
    o.message = message;
    return o;
  }
}
