import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Elsewhere {
	url: string;
	requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders; body: string }>;
	stop(): Promise<void>;
}

/** Another host on loopback that answers 200 to anything: where a redirect would lead, and what it would learn. */
export async function startElsewhere(): Promise<Elsewhere> {
	const requests: Elsewhere['requests'] = [];
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"success": true, "data": {}}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
