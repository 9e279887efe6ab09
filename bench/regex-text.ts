// Deterministic chat-like benchmark text: common English words, some
// non-ASCII words, and PII (SSNs, cards, emails, phones, keys) sprinkled in.

export function chatText(bytes: number): string {
  let seed = 42;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const words = "the a to of and is in that it for you was on are with as I his they be at one have this from or had by hot but some what there we can out other were all your when up use word how said an each she which do their time if will way about many then them would write like so these her long make thing see him two has look more day could go come did my sound no most number who over know water than call first people may down side been now find any new work part take get place made live where after back little only round man year came show every good me give our under name very through just form much great think say help low line before turn cause same mean differ move right boy old too does tell sentence set three want air well also play small end put home read hand port large spell add even land here must big high such follow act why ask men change went light kind off need house picture try us again animal point mother world near build self earth father café naïve résumé 中文 日本語 😀".split(" ");
  const pii = () => {
    switch (rnd(8)) {
      case 0: return `${100 + rnd(800)}-${10 + rnd(89)}-${1000 + rnd(8999)}`;
      case 1: return "4111 1111 1111 1111";
      case 2: return `user${rnd(1000)}@example${rnd(10)}.com`;
      case 3: return `(415) 555-${1000 + rnd(8999)}`;
      case 4: return `sk-${"abcdEFGH1234ijklMNOP5678".slice(rnd(4))}`;
      case 5: return "Project Falcon";
      case 6: return `order #${rnd(1e9)}`;
      default: return `${rnd(100000)}`;
    }
  };
  let out = "";
  while (Buffer.byteLength(out) < bytes) {
    let sentence = "";
    const n = 5 + rnd(15);
    for (let i = 0; i < n; i++) sentence += (i ? " " : "") + (rnd(40) === 0 ? pii() : words[rnd(words.length)]);
    out += sentence.charAt(0).toUpperCase() + sentence.slice(1) + (rnd(5) === 0 ? ".\n\n" : ". ");
  }
  return out.slice(0, bytes);
}
