// A generated corpus with relations planted in it, for tests: k "countries", each with its own
// "capital" and "language". A country, its capital and its language share two topic words of
// their own; countries also meet "nation", capitals "city", languages "tongue"; filler words are
// shared by all. A correct word2vec then places capital_i − country_i ≈ city − nation for every
// i, and solves country_i : capital_i :: country_j : ? with capital_j. Deterministic from the seed.

export interface PlantedCorpus {
  text: string;
  /** [a, b, c, d]: a is to b as c is to d. */
  analogies: [string, string, string, string][];
}

export function plantedCorpus(pairs = 12, sentences = 6000, seed = 7): PlantedCorpus {
  let r = seed >>> 0 || 1;
  const rand = (n: number) => {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    return (r >>> 0) % n;
  };
  const fillers = ['the', 'a', 'of', 'and', 'in', 'is', 'was', 'to', 'on', 'with'];
  const lines: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const i = rand(pairs);
    const f = () => fillers[rand(fillers.length)]!;
    const topic = rand(2) ? `t${i}a t${i}b` : `t${i}b t${i}a`;
    switch (rand(3)) {
      case 0: lines.push(`${f()} country${i} ${topic} nation ${f()}`); break;
      case 1: lines.push(`${f()} capital${i} ${topic} city ${f()}`); break;
      default: lines.push(`${f()} language${i} ${topic} tongue ${f()}`); break;
    }
  }
  const analogies: PlantedCorpus['analogies'] = [];
  for (let i = 0; i < pairs; i++) {
    const j = (i + 1) % pairs;
    analogies.push([`country${i}`, `capital${i}`, `country${j}`, `capital${j}`]);
    analogies.push([`country${i}`, `language${i}`, `country${j}`, `language${j}`]);
  }
  return { text: lines.join('\n'), analogies };
}
