/**
 * A network link between the node and the fake Segment, for the benchmark: request bodies
 * cross it at a set rate, shared by every connection as an uplink is, and each request
 * waits one round trip. Loopback is what the tests use; users send over links like this.
 */
export interface LinkSpeed {
	mbitPerSecond: number;
	rttMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SimulatedLink {
	private freeAt = 0;

	constructor(readonly speed: LinkSpeed) {}

	/** Waits until `bytes` more have crossed the link, after whatever is crossing it now. */
	async transfer(bytes: number): Promise<void> {
		const now = performance.now();
		this.freeAt = Math.max(this.freeAt, now) + (bytes * 8) / (this.speed.mbitPerSecond * 1_000);
		const wait = this.freeAt - now;
		if (wait >= 1) await pause(wait);
	}

	async roundTrip(): Promise<void> {
		if (this.speed.rttMs > 0) await pause(this.speed.rttMs);
	}
}
