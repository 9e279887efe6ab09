// Usage of a non-streaming response that Weir does not otherwise touch: the
// body passes to the client as it arrives (no buffering in Envoy), and a
// byte-at-a-time JSON scanner keeps only the top-level members usage needs
// ("usage", "usageMetadata", "model", "modelVersion") — or those of each
// element when the body is a JSON array (Gemini's streamGenerateContent
// without alt=sse). Memory stays bounded whatever the body's size.

import { parseJson } from "../json/parse";
import { ByteSink } from "../json/string";
import { Provider } from "../providers/provider";
import { TokenUsage } from "./usage";
import { utf8 } from "../json/bytes";

const WANTED = ["usage", "usageMetadata", "model", "modelVersion"];
/** `"name":` of each WANTED member, encoded once. */
const WANTED_JSON = [utf8('"usage":'), utf8('"usageMetadata":'), utf8('"model":'), utf8('"modelVersion":')];
const OPEN_BRACE: u8 = 0x7b;
const CLOSE_BRACE: u8 = 0x7d;
const COMMA: u8 = 0x2c;
/** A captured member larger than this is dropped (usage objects are tiny). */
const MAX_CAPTURE: i32 = 16 << 10;
const MAX_KEY: i32 = 32;

export class UsageCapture {
  private depth: i32 = 0;
  private started: bool = false;
  private memberDepth: i32 = 1;
  private memberObject: bool = false;
  private inString: bool = false;
  private escape: bool = false;
  private expectKey: bool = false;
  private readingKey: bool = false;
  private afterKey: bool = false;
  private wanted: i32 = -1;
  private valueNext: bool = false;
  private capturing: i32 = -1;
  private key: ByteSink = new ByteSink(MAX_KEY);
  private capture: ByteSink = new ByteSink(64);
  private values: Array<Uint8Array | null> = new Array<Uint8Array | null>(WANTED.length);

  feed(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inString && !this.escape && !this.readingKey && this.capturing < 0) {
        // Inside a string nobody keeps (most of a body: generated text), only
        // a quote or a backslash changes anything: skip to the next one.
        while (i < n) {
          const c = unchecked(chunk[i]);
          if (c == 0x22 || c == 0x5c) break;
          i++;
        }
        if (i == n) return;
      }
      this.byte(unchecked(chunk[i]));
      i++;
    }
  }

  /** Reads usage from what was captured into `usage` (through the provider's own reader). */
  result(provider: Provider, usage: TokenUsage): void {
    let size = 2;
    for (let i = 0; i < WANTED.length; i++) {
      const v = this.values[i];
      if (v !== null) size += WANTED_JSON[i].length + v.length + 1;
    }
    if (size == 2) return;
    const doc = new ByteSink(size);
    doc.push(OPEN_BRACE);
    let first = true;
    for (let i = 0; i < WANTED.length; i++) {
      const v = this.values[i];
      if (v === null) continue;
      if (!first) doc.push(COMMA);
      first = false;
      const name = WANTED_JSON[i];
      doc.pushBytes(name, 0, name.length);
      doc.pushBytes(v, 0, v.length);
    }
    doc.push(CLOSE_BRACE);
    const parsed = parseJson(doc.toBytes());
    if (!parsed.ok()) return;
    provider.responseUsage(parsed.value!, usage);
  }

  private byte(c: u8): void {
    if (this.inString) {
      if (this.capturing >= 0) this.keep(c);
      if (this.escape) {
        this.escape = false;
        if (this.readingKey) this.keyByte(c);
        return;
      }
      if (c == 0x5c) {
        this.escape = true;
        if (this.readingKey) this.keyByte(c);
        return;
      }
      if (c == 0x22) {
        this.inString = false;
        if (this.readingKey) {
          this.readingKey = false;
          this.afterKey = true;
        }
        return;
      }
      if (this.readingKey) this.keyByte(c);
      return;
    }
    const space = c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
    if (this.valueNext && !space) {
      this.valueNext = false;
      this.capturing = this.wanted;
      this.capture.length = 0;
    }
    if (this.capturing >= 0) {
      if (this.depth == this.memberDepth && (c == 0x2c || c == 0x7d)) this.endCapture();
      else this.keep(c);
    }
    if (space) return;
    if (!this.started) {
      this.started = true;
      if (c == 0x5b) this.memberDepth = 2;
    }
    if (c == 0x22) {
      this.inString = true;
      if (this.depth == this.memberDepth && this.memberObject && this.expectKey) {
        this.expectKey = false;
        this.readingKey = true;
        this.key.length = 0;
      }
    } else if (c == 0x7b) {
      this.depth++;
      if (this.depth == this.memberDepth) {
        this.memberObject = true;
        this.expectKey = true;
      }
    } else if (c == 0x5b) {
      this.depth++;
      if (this.depth == this.memberDepth) this.memberObject = false;
    } else if (c == 0x7d || c == 0x5d) {
      this.depth--;
    } else if (c == 0x2c) {
      if (this.depth == this.memberDepth && this.memberObject) this.expectKey = true;
    } else if (c == 0x3a) {
      if (this.depth == this.memberDepth && this.afterKey) {
        this.afterKey = false;
        this.wanted = this.wantedKey();
        if (this.wanted >= 0) this.valueNext = true;
      }
    }
  }

  private keyByte(c: u8): void {
    if (this.key.length < MAX_KEY) this.key.push(c);
  }

  private keep(c: u8): void {
    if (this.capture.length <= MAX_CAPTURE) this.capture.push(c);
  }

  private endCapture(): void {
    if (this.capture.length <= MAX_CAPTURE) this.values[this.capturing] = this.capture.toBytes();
    this.capturing = -1;
  }

  private wantedKey(): i32 {
    const n = this.key.length;
    for (let i = 0; i < WANTED.length; i++) {
      const w = WANTED[i];
      if (w.length != n) continue;
      let same = true;
      for (let k = 0; k < n; k++) {
        if (<i32>this.key.buf[k] != w.charCodeAt(k)) { same = false; break; }
      }
      if (same) return i;
    }
    return -1;
  }
}
