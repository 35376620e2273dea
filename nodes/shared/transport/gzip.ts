/**
 * gzip with the platform's CompressionStream: n8n's rules for community nodes allow no
 * zlib import, and Node has had the Compression Streams API built in since 18.
 */
export async function gzip(text: string): Promise<Buffer> {
	const compressed = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
	return Buffer.from(await new Response(compressed).arrayBuffer());
}

/** gzip of text given in pieces, each written as it comes: the whole text is never one string. */
export async function gzipPieces(pieces: Iterable<string>): Promise<Buffer> {
	const stream = new CompressionStream('gzip');
	const writer = stream.writable.getWriter();
	const encoder = new TextEncoder();
	const written = (async () => {
		for (const piece of pieces) await writer.write(encoder.encode(piece));
		await writer.close();
	})();
	const chunks: Uint8Array[] = [];
	const reader = stream.readable.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
	}
	await written;
	return Buffer.concat(chunks);
}

/** The pieces as one buffer, outside the JavaScript heap. */
export function concatPieces(pieces: Iterable<string>): Buffer {
	const buffers: Buffer[] = [];
	for (const piece of pieces) buffers.push(Buffer.from(piece, 'utf8'));
	return Buffer.concat(buffers);
}
