// What a provider reads from one streamed event (streaming/formats.ts fills
// it): which strings carry generated text and for which channel, which
// channels the event ends, and the usage-only shape OpenAI sends when asked.
// Positions are byte offsets into the event's payload: nothing is built per
// event (json/scan.ts reads the members from the bytes).
//
// A channel is one independent text stream inside the event stream: an
// OpenAI choice (`choices[].index`), an Anthropic content block (`index`), a
// Gemini candidate (`candidates[].index`). Text is masked per channel.

import { firstItem, hasEscapes, kindAt, nextItem, numberAt, valueEnd } from "../json/scan";
import { JsonKind, stringBytes } from "../json/value";

export class StreamEventInfo {
  /** Three entries per text-carrying string, in document order: channel, start, end (its quotes included). */
  private texts: Array<i32> = new Array<i32>(0);
  /** Channels this event ends (its own text for them counts first). */
  ends: Array<i32> = new Array<i32>(0);
  /** The event ends every open channel (Anthropic message_delta / message_stop). */
  endsAll: bool = false;
  /** OpenAI's usage-only chunk (`choices: []` with a usage object). */
  usageOnly: bool = false;
  /** Where OpenAI's `"usage": null` member's value starts (-1: none); present on every chunk once include_usage is on. */
  usageNull: i32 = -1;

  reset(): void {
    // Emptied in place: one pair of arrays for the whole stream.
    this.texts.length = 0;
    this.ends.length = 0;
    this.endsAll = false;
    this.usageOnly = false;
    this.usageNull = -1;
  }

  /** Adds the string starting at `pos` of `src` as `channel`'s text. */
  addText(channel: i32, src: Uint8Array, pos: i32): void {
    const texts = this.texts;
    texts.push(channel);
    texts.push(pos);
    texts.push(valueEnd(src, pos));
  }

  get textCount(): i32 { return this.texts.length / 3; }
  textChannel(i: i32): i32 { return unchecked(this.texts[i * 3]); }
  textStart(i: i32): i32 { return unchecked(this.texts[i * 3 + 1]); }
  textEnd(i: i32): i32 { return unchecked(this.texts[i * 3 + 2]); }

  /** Text `i` as UTF-8: a view of `src` when it is the same bytes. Read-only. */
  textBytes(i: i32, src: Uint8Array): Uint8Array {
    const start = this.textStart(i);
    const end = this.textEnd(i);
    return stringBytes(src, start, end, hasEscapes(src, start + 1, end - 1));
  }

  /** Whether a text after text `i` belongs to the same channel. */
  laterTextFor(i: i32): bool {
    const channel = this.textChannel(i);
    for (let k = i + 1; k < this.textCount; k++) if (this.textChannel(k) == channel) return true;
    return false;
  }

  endsChannel(channel: i32): bool {
    return this.endsAll || this.ends.includes(channel);
  }
}

/** The channel a choice/block/candidate names with `index` (the value at `index`, -1 for none), else its position. */
export function channelIndex(src: Uint8Array, index: i32, position: i32): i32 {
  if (index < 0) return position;
  const n = numberAt(src, index);
  if (n >= 0 && n < 1.0e6 && n == Math.floor(n)) return <i32>n;
  return position;
}

/** Calls `read` with each object item of the array at `arr` (OpenAI choices, Gemini candidates) and its position. */
export function readChannels(src: Uint8Array, arr: i32, info: StreamEventInfo,
  read: (src: Uint8Array, item: i32, position: i32, info: StreamEventInfo) => void): void {
  let item = firstItem(src, arr);
  let position = 0;
  while (item >= 0) {
    if (kindAt(src, item) == JsonKind.Object) read(src, item, position, info);
    item = nextItem(src, item);
    position++;
  }
}
