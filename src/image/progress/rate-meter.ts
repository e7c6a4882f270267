/**
 * A smoothed rate (units per second): an exponentially weighted moving average of the rates
 * between samples, with a time constant so the result does not depend on how often it is fed.
 */
export class RateMeter {
  readonly #timeConstantMs: number;
  #lastAt: number | undefined;
  #lastValue = 0;
  #rate = 0;

  /** `timeConstantMs` (default 3000): about how far back the average looks. */
  constructor(timeConstantMs = 3000) {
    this.#timeConstantMs = timeConstantMs;
  }

  /** Records the running total `value` at time `nowMs`; returns the smoothed rate. */
  sample(value: number, nowMs: number): number {
    if (this.#lastAt === undefined) {
      this.#lastAt = nowMs;
      this.#lastValue = value;
      return this.#rate;
    }
    const elapsed = nowMs - this.#lastAt;
    if (elapsed <= 0) return this.#rate;
    const instant = ((value - this.#lastValue) * 1000) / elapsed;
    const weight = 1 - Math.exp(-elapsed / this.#timeConstantMs);
    // The first interval sets the rate outright; later ones blend in.
    this.#rate = this.#rate === 0 ? instant : this.#rate + weight * (instant - this.#rate);
    this.#lastAt = nowMs;
    this.#lastValue = value;
    return this.#rate;
  }

  get rate(): number {
    return this.#rate;
  }
}
