// What a provider reads from one streamed event (providers/*.ts fill it):
// which string nodes carry generated text and for which channel, which
// channels the event ends, and the usage-only shape OpenAI sends when asked.
//
// A channel is one independent text stream inside the event stream: an
// OpenAI choice (`choices[].index`), an Anthropic content block (`index`), a
// Gemini candidate (`candidates[].index`). Text is masked per channel.

import { JsonValue } from "../json/value";

export class ChannelText {
  constructor(public channel: i32, public node: JsonValue) {}
}

export class StreamEventInfo {
  /** Text-carrying string nodes, in document order. */
  texts: Array<ChannelText> = new Array<ChannelText>(0);
  /** Channels this event ends (its own text for them counts first). */
  ends: Array<i32> = new Array<i32>(0);
  /** The event ends every open channel (Anthropic message_delta / message_stop). */
  endsAll: bool = false;
  /** OpenAI's usage-only chunk (`choices: []` with a usage object). */
  usageOnly: bool = false;
  /** OpenAI's `"usage": null` member, present on every chunk once include_usage is on. */
  usageNull: JsonValue | null = null;

  reset(): void {
    // Emptied in place: one pair of arrays for the whole stream.
    this.texts.length = 0;
    this.ends.length = 0;
    this.endsAll = false;
    this.usageOnly = false;
    this.usageNull = null;
  }

  endsChannel(channel: i32): bool {
    return this.endsAll || this.ends.includes(channel);
  }
}

/** The channel a choice/block/candidate names with `index`, else its position. */
export function channelIndex(index: JsonValue | null, position: i32): i32 {
  if (index === null) return position;
  const n = index.numberValue;
  if (n >= 0 && n < 1.0e6 && n == Math.floor(n)) return <i32>n;
  return position;
}
