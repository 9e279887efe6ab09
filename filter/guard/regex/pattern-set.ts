// A policy's patterns compiled into one program and scanned in one pass.
//
// Semantics: findAll reports exactly the spans RE2 reports for the single
// alternation (?:p0)|(?:p1)|...|(?:pn) (each pattern keeping its own flags),
// each tagged with the pattern that produced it. So at the leftmost position
// where any pattern matches, the lowest-index pattern matching there wins,
// with that pattern's own leftmost-first span; scanning continues after it
// without overlap. A pattern with a validator only matches spans the
// validator accepts (a rejected candidate is as if the regex had not matched
// it; other candidates are still considered).

import { Node } from "./ast";
import { compilePatterns } from "./compiler";
import { Dfa } from "./dfa";
import { RegexError } from "./errors";
import { Match, Matcher } from "./matcher";
import { parse } from "./parser";
import { MatchValidator } from "./pike";
import { firstByteTable } from "./prefilter";
import { Program } from "./program";
import { Scanner } from "./scanner";
import { StartLists } from "./start-lists";
import { utf8 } from "../../json/bytes";

export class PatternSpec {
  /** `label` as UTF-8, encoded once: masking writes it for every match. */
  labelBytes: Uint8Array;

  constructor(
    public source: string,
    // Caller's label for the pattern (e.g. its mask token); unused by matching.
    public label: string = "",
    public validator: MatchValidator | null = null,
  ) {
    this.labelBytes = utf8(label);
  }
}

export class PatternSetResult {
  constructor(public set: PatternSet | null, public error: RegexError | null) {}
}

export class PatternSet {
  private batch: Matcher | null = null;
  private validators: StaticArray<MatchValidator | null>;
  private firstBytes: StaticArray<u8> | null;
  // Shared by every matcher of this set: caches, filled on use.
  private startLists: StartLists;

  private constructor(
    public readonly specs: Array<PatternSpec>,
    public readonly program: Program,
    private dfa: Dfa | null,
  ) {
    this.validators = new StaticArray<MatchValidator | null>(specs.length);
    for (let i = 0; i < specs.length; i++) this.validators[i] = specs[i].validator;
    this.startLists = new StartLists(program);
    this.firstBytes = null;
    if (dfa === null) this.firstBytes = firstByteTable(program);
  }

  // Parses and compiles every pattern. The first error is returned with the
  // index of its pattern; nothing is ever thrown. useDfa = false forces the
  // Pike VM (with its first-byte prefilter) for every scan.
  static compile(specs: Array<PatternSpec>, useDfa: bool = true): PatternSetResult {
    let asts = new Array<Node>();
    for (let i = 0; i < specs.length; i++) {
      let parsed = parse(specs[i].source);
      if (parsed.error !== null) {
        let e = parsed.error!;
        e.patternIndex = i;
        return new PatternSetResult(null, e);
      }
      asts.push(parsed.node!);
    }
    let compiled = compilePatterns(asts);
    if (compiled.error !== null) return new PatternSetResult(null, compiled.error);
    let program = compiled.program!;
    let dfa: Dfa | null = null;
    if (useDfa) dfa = new Dfa(program);
    return new PatternSetResult(new PatternSet(specs, program, dfa), null);
  }

  get size(): i32 {
    return this.specs.length;
  }

  // All non-overlapping matches, left to right, as byte offsets into input.
  findAll(input: Uint8Array): Array<Match> {
    return this.findAllAt(input.dataStart, input.length);
  }

  findAllAt(ptr: usize, len: i32): Array<Match> {
    let m = this.batch;
    if (m === null) {
      m = this.newMatcher();
      this.batch = m;
    } else {
      m.reset();
    }
    m.setWindow(ptr, len, true);
    m.run();
    return m.matches;
  }

  // A matcher for one stream; see Scanner.
  newScanner(): Scanner {
    return new Scanner(this.newMatcher());
  }

  private newMatcher(): Matcher {
    return new Matcher(this.program, this.validators, this.startLists, this.dfa, this.firstBytes);
  }
}

// A single pattern as a set of one.
export function compileRegex(source: string, useDfa: bool = true): PatternSetResult {
  let specs = new Array<PatternSpec>();
  specs.push(new PatternSpec(source));
  return PatternSet.compile(specs, useDfa);
}
