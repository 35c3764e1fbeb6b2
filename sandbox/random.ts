/**
 * A small seeded PRNG (mulberry32): same seed ⇒ same sequence, on every machine. Used for fault
 * ratios and latency jitter, never for tokens (those come from node:crypto).
 */
export class SeededRandom {
	private state = 0;

	constructor(private readonly seed: number) {
		this.reset();
	}

	/** Back to the first number of the sequence. */
	reset(): void {
		this.state = this.seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, max]. */
	upTo(max: number): number {
		if (max <= 0) return 0;
		return Math.floor(this.next() * (Math.floor(max) + 1));
	}
}

/** A second, independent stream derived from the same seed (jitter must not shift fault draws). */
export function derivedSeed(seed: number, salt: number): number {
	return (Math.imul(seed ^ salt, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
}
