// The counter ids one route reports to, found once and kept on its policy
// (RoutePolicy.metrics): a counter's name is built, label-sanitised and looked
// up the first time, then every later request only compares a model name or
// a short key (usage/report.ts). Bounded: past the bound report.ts takes the
// slow path (build the name, look it up in the VM-wide map) every time.

/** Models with cached token counters, per route. */
export const MAX_CACHED_MODELS: i32 = 16;
/** Other cached counters (guard outcomes, masked, anomalies), per route. */
export const MAX_CACHED_KEYS: i32 = 64;

export class RouteMetrics {
  readonly route: string;
  readonly provider: string;
  /** Token counters [prompt, completion, total] per model, parallel arrays. */
  models: Array<string> = new Array<string>(0);
  modelIds: Array<StaticArray<u32>> = new Array<StaticArray<u32>>(0);
  /** Any other counter by a short key (report.ts decides the keys), parallel arrays. */
  keys: Array<string> = new Array<string>(0);
  keyIds: Array<u32> = new Array<u32>(0);

  constructor(route: string, provider: string) {
    this.route = route;
    this.provider = provider;
  }

  /** The cached [prompt, completion, total] ids for `model`, or null. */
  tokenIds(model: string): StaticArray<u32> | null {
    const models = this.models;
    for (let i = 0; i < models.length; i++) {
      if (unchecked(models[i]) == model) return unchecked(this.modelIds[i]);
    }
    return null;
  }

  keepTokenIds(model: string, ids: StaticArray<u32>): void {
    if (this.models.length >= MAX_CACHED_MODELS) return;
    this.models.push(model);
    this.modelIds.push(ids);
  }

  /** The cached id for `key`, or 0. */
  id(key: string): u32 {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (unchecked(keys[i]) == key) return unchecked(this.keyIds[i]);
    }
    return 0;
  }

  keepId(key: string, id: u32): void {
    if (id == 0 || this.keys.length >= MAX_CACHED_KEYS) return;
    this.keys.push(key);
    this.keyIds.push(id);
  }
}
