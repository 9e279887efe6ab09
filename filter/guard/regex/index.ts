// Weir's regex engine: RE2 syntax, linear-time matching (lazy DFA + Pike VM)
// over UTF-8 bytes, many patterns in one pass, streaming-ready.

export { RegexError } from "./errors";
export { parse, ParseResult } from "./parser";
export { Match } from "./matcher";
export { MatchValidator } from "./pike";
export { PatternSet, PatternSetResult, PatternSpec, compileRegex } from "./pattern-set";
export { Scanner } from "./scanner";
