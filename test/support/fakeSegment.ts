import type { ProtocolsOutcome } from './protocols';
import { applyProtocols } from './protocols';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { AddressInfo, Socket } from 'node:net';

import { answerProfileRequest } from './profileApi';
import { ProfileStore } from './profileStore';
import type { TokenRole } from './publicApi';
import { answerPublicApiRequest, publicApiError } from './publicApi';
import { PublicApiStore } from './publicApiStore';
import type { LinkSpeed } from './simulatedLink';
import { SimulatedLink } from './simulatedLink';
import type { MembershipEvent } from './engage';
import { DEFAULT_SPACE_ID } from './engage';
import type { StoredProfile } from './profileStore';
import type { WebhookDelivery } from './webhookDelivery';
import { deliver, plannedDeliveries, plannedDeliveriesTo } from './webhookDelivery';

/**
 * A fake of Segment's Tracking API on 127.0.0.1 that behaves as segment-api.md says:
 * Basic auth or a body `writeKey`, `400` for bad JSON and oversized payloads, `200` for
 * everything else, with messages Segment would silently drop recorded as dropped, and
 * deduplication by messageId. Faults can be scripted per request.
 */

export const FAKE_LIMITS = {
	maxMessageBytes: 32 * 1024,
	maxBodyBytes: 500 * 1024,
	maxBatchMessages: 2_500,
};

export type FakeMessage = Record<string, unknown> & { type: string; messageId?: string };

export interface ReceivedMessage {
	message: FakeMessage;
	writeKey: string;
	requestNumber: number;
	receivedAt: string;
}

export interface DroppedMessage extends ReceivedMessage {
	reason: 'duplicate messageId' | 'no userId or anonymousId' | 'track without event' | 'past 2,500 in a batch' | 'messageId over 100 characters' | 'unknown write key' | 'blocked by tracking plan';
}

export interface RecordedRequest {
	number: number;
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	status?: number;
	fault?: string;
	at: number;
	/** The body's size as it crossed the wire (compressed, when it was). */
	wireBytes: number;
	contentEncoding?: string;
}

/** Segment takes gzip; a body that says it is gzip must be (and is read at most this big). */
const MAX_DECOMPRESSED_BYTES = 8 * 1024 * 1024;
// In zlib's thread pool, as a server decompresses: not on the loop that answers the others.
const gunzipAsync = promisify(gunzip);

/** What the fake does to one request instead of, or besides, answering it normally. */
export type Fault =
	| { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
	/** Close the connection without an answer; `afterProcessing` keeps what it accepted. */
	| { kind: 'drop'; afterProcessing: boolean }
	/** Process the request, then answer only after `ms`. */
	| { kind: 'delay'; ms: number }
	/** Answer with a redirect elsewhere, as a misconfigured proxy might. */
	| { kind: 'redirect'; status?: number; location: string }
	/** Answer `status` with the request's own headers and body in the answer, as a misbehaving server might. */
	| { kind: 'echo'; status: number };

export interface FaultContext {
	requestNumber: number;
	method: string;
	path: string;
	messages: FakeMessage[];
}

export type FaultScript = (request: FaultContext) => Fault | undefined;

export interface FakeSegmentOptions {
	/** Write keys Segment knows; messages sent with others are accepted and dropped. */
	writeKeys?: string[];
	/** Profile API access tokens and the space each one opens. */
	accessTokens?: Record<string, string>;
	/** Public API tokens and what each may do. */
	publicApiTokens?: Record<string, TokenRole>;
	/** A write key of the workspace's first source, whose events its Webhooks destinations receive. */
	sourceWriteKey?: string;
	/** Bodies cross a link of this speed, with this round trip (the benchmark); loopback otherwise. */
	link?: LinkSpeed;
	/**
	 * Only take messages in (checks, dedup, records): no profiles, audiences, measurements
	 * or webhooks, so that a benchmark measures the node, not the fake's own bookkeeping.
	 */
	lean?: boolean;
}

const TRACKING_ENDPOINTS = new Set(['identify', 'track', 'page', 'screen', 'group', 'alias', 'batch', 'import']);

function basicUser(header: string | undefined): string | undefined {
	if (!header?.startsWith('Basic ')) return undefined;
	const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon === -1 ? decoded : decoded.slice(0, colon);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FakeSegment {
	url = '';
	readonly requests: RecordedRequest[] = [];
	/** Every message that reached the service, duplicates included. */
	readonly received: ReceivedMessage[] = [];
	/** Messages Segment would pass on to destinations: each messageId once. */
	readonly delivered: ReceivedMessage[] = [];
	readonly dropped: DroppedMessage[] = [];
	/** What Protocols did to each message from a source connected to a tracking plan: blocked, omitted, flagged. */
	readonly protocols: Array<ProtocolsOutcome & { messageId: string }> = [];
	faults: FaultScript | undefined;
	/** Profiles built from delivered messages, served by the Profile API. */
	readonly profiles = new ProfileStore();
	/** The workspace the Public API manages. */
	readonly workspace: PublicApiStore;
	/** What the workspace's Webhooks (Actions) destinations sent on, in order. */
	readonly webhookDeliveries: WebhookDelivery[] = [];
	private readonly pendingDeliveries = new Set<Promise<WebhookDelivery>>();
	private readonly accessTokens: Map<string, string>;
	private readonly publicApiTokens: Map<string, TokenRole>;

	private server: Server | undefined;
	private readonly sockets = new Set<Socket>();
	private readonly seenMessageIds = new Set<string>();
	private readonly writeKeys: Set<string> | undefined;
	private requestCount = 0;
	private readonly link: SimulatedLink | undefined;
	private readonly lean: boolean;

	constructor(options: FakeSegmentOptions = {}) {
		this.lean = options.lean === true;
		this.link = options.link ? new SimulatedLink(options.link) : undefined;
		this.writeKeys = options.writeKeys ? new Set(options.writeKeys) : undefined;
		this.accessTokens = new Map(Object.entries(options.accessTokens ?? {}));
		this.publicApiTokens = new Map(Object.entries(options.publicApiTokens ?? {}));
		const spaceIds = [...new Set(Object.values(options.accessTokens ?? {}))];
		this.workspace = new PublicApiStore({}, options.sourceWriteKey, spaceIds.length > 0 ? spaceIds : [DEFAULT_SPACE_ID]);
		this.workspace.engageProfiles = () => this.profiles.all();
		this.workspace.onMembership = (events) => this.sendMembershipChanges(events);
	}

	/** Engage sends each entry and exit to the destinations connected to the audience, as its activation says. */
	private sendMembershipChanges(events: MembershipEvent[]): void {
		const { engage } = this.workspace;
		for (const event of events) {
			for (const activation of engage.activations.filter((candidate) => candidate.audienceId === event.audience.id && candidate.enabled)) {
				this.startDeliveries(plannedDeliveriesTo(this.workspace, activation.destinationId, engage.messagesFor(event, activation)));
			}
		}
	}

	private startDeliveries(deliveries: WebhookDelivery[]): void {
		for (const delivery of deliveries) {
			this.webhookDeliveries.push(delivery);
			const pending: Promise<WebhookDelivery> = deliver(delivery).finally(() => this.pendingDeliveries.delete(pending));
			this.pendingDeliveries.add(pending);
		}
	}

	/** Waits until every webhook delivery under way has been answered. */
	async webhooksSettled(): Promise<WebhookDelivery[]> {
		while (this.pendingDeliveries.size > 0) await Promise.all(this.pendingDeliveries);
		return this.webhookDeliveries;
	}

	async start(port = 0): Promise<this> {
		this.server = createServer((request, response) => void this.handle(request, response));
		this.server.keepAliveTimeout = 1_000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** Forget what was recorded; seen messageIds stay, as Segment keeps them for a day. */
	clearRecords(): void {
		this.requestCount = 0;
		this.requests.length = 0;
		this.received.length = 0;
		this.delivered.length = 0;
		this.dropped.length = 0;
		this.protocols.length = 0;
		this.webhookDeliveries.length = 0;
	}

	/** Forget the messageIds seen, as Segment does after a day. */
	forgetMessageIds(): void {
		this.seenMessageIds.clear();
	}

	/** How often each messageId was delivered: every value is 1 when nothing was duplicated. */
	deliveredCounts(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const { message } of this.delivered) {
			counts.set(String(message.messageId), (counts.get(String(message.messageId)) ?? 0) + 1);
		}
		return counts;
	}

	protected async readBody(request: IncomingMessage): Promise<Buffer> {
		await this.link?.roundTrip();
		const chunks: Buffer[] = [];
		for await (const chunk of request) {
			chunks.push(chunk as Buffer);
			await this.link?.transfer((chunk as Buffer).length);
		}
		return Buffer.concat(chunks);
	}

	protected send(response: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
		record.status = status;
		const text = JSON.stringify(body);
		response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
		response.end(text);
	}

	protected async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const raw = await this.readBody(request);
		const encoding = String(request.headers['content-encoding'] ?? '').trim().toLowerCase();
		let body: Buffer | string = raw;
		if (encoding === 'gzip') {
			try {
				body = await gunzipAsync(raw, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
			} catch (error) {
				body = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'payload too large' : 'the body is not gzip, as its Content-Encoding says';
			}
		} else if (encoding !== '' && encoding !== 'identity') {
			body = `Content-Encoding ${encoding} is not supported`;
		}
		const record: RecordedRequest = {
			number: ++this.requestCount,
			method: request.method ?? '',
			path: request.url ?? '',
			headers: request.headers,
			body: Buffer.isBuffer(body) ? body.toString('utf8') : '',
			at: Date.now(),
			wireBytes: raw.length,
			...(encoding ? { contentEncoding: encoding } : {}),
		};
		this.requests.push(record);
		if (typeof body === 'string') return this.send(response, record, 400, { error: body });
		if (this.route(request, response, record)) return;
		this.send(response, record, 404, { error: { code: 'not_found', message: 'No such route.' } });
	}

	/** Answers a request it knows, or returns false. */
	protected route(request: IncomingMessage, response: ServerResponse, record: RecordedRequest): boolean {
		if (request.method === 'GET' && record.path.startsWith('/v1/spaces/')) {
			const fault = this.scriptedFault(record);
			if (this.answerFault(fault, request, response, record, { error: { code: 'rate_limit_error', message: 'Too many requests.' } })) return true;
			const answer = answerProfileRequest(record.path, request.headers.authorization, this.profiles, this.accessTokens, (profile, spaceId, traitClass) =>
				traitClass === 'audience' ? this.workspace.engage.audienceTraitsOf(profile, spaceId) : this.workspace.engage.computedTraitsOf(profile, spaceId),
			);
			this.send(response, record, answer.status, answer.body);
			return true;
		}
		// Tracking and Profile API paths start with /v1/; the Public API's never do.
		if (!record.path.startsWith('/v1/')) {
			const fault = this.scriptedFault(record);
			const scripted = fault?.kind === 'status' && fault.status === 429 ? publicApiError(429, 'rate-limit', 'Too many requests') : publicApiError(fault?.kind === 'status' ? fault.status : 500, 'scripted', 'Scripted failure');
			if (this.answerFault(fault, request, response, record, scripted.body)) return true;
			const answer = answerPublicApiRequest(record.method, record.path, request.headers, record.body, this.workspace, this.publicApiTokens);
			// Done, but the answer never reaches the caller.
			if (fault?.kind === 'drop') request.socket.destroy();
			else this.send(response, record, answer.status, answer.body, answer.headers);
			return true;
		}
		const match = /^\/v1\/([a-z]+)\/?$/.exec(record.path);
		if (request.method !== 'POST' || !match || !TRACKING_ENDPOINTS.has(match[1])) return false;
		void this.tracking(match[1], request, response, record);
		return true;
	}

	private scriptedFault(record: RecordedRequest): Fault | undefined {
		const fault = this.faults?.({ requestNumber: record.number, method: record.method, path: record.path, messages: [] });
		if (fault) record.fault = fault.kind === 'status' ? String(fault.status) : fault.kind;
		return fault;
	}

	/** Answers a redirect or an echo of the request; true when it did. */
	private answerHostile(fault: Fault | undefined, request: IncomingMessage, response: ServerResponse, record: RecordedRequest): boolean {
		if (fault?.kind === 'redirect') {
			this.send(response, record, fault.status ?? 302, { moved: fault.location }, { Location: fault.location });
			return true;
		}
		if (fault?.kind === 'echo') {
			this.send(response, record, fault.status, { error: 'echo', request: { method: request.method, url: request.url, headers: request.headers, body: record.body } });
			return true;
		}
		return false;
	}

	/** Answers a scripted status, or drops the connection before processing; true when it did. */
	private answerFault(fault: Fault | undefined, request: IncomingMessage, response: ServerResponse, record: RecordedRequest, defaultBody: unknown): boolean {
		if (this.answerHostile(fault, request, response, record)) return true;
		if (fault?.kind === 'status') {
			this.send(response, record, fault.status, fault.body ?? defaultBody, fault.headers);
			return true;
		}
		if (fault?.kind === 'drop' && !fault.afterProcessing) {
			request.socket.destroy();
			return true;
		}
		return false;
	}

	private async tracking(endpoint: string, request: IncomingMessage, response: ServerResponse, record: RecordedRequest): Promise<void> {
		if (Buffer.byteLength(record.body) > FAKE_LIMITS.maxBodyBytes) {
			return this.send(response, record, 400, { error: 'payload too large' });
		}
		let body: unknown;
		try {
			body = JSON.parse(record.body);
		} catch {
			return this.send(response, record, 400, { error: 'invalid JSON' });
		}
		if (!isObject(body)) return this.send(response, record, 400, { error: 'invalid JSON' });
		const writeKey = basicUser(request.headers.authorization) ?? (typeof body.writeKey === 'string' ? body.writeKey : '');
		if (writeKey === '') return this.send(response, record, 400, { error: 'missing write key' });

		const isBatch = endpoint === 'batch' || endpoint === 'import';
		let messages: FakeMessage[];
		if (isBatch) {
			if (!Array.isArray(body.batch)) return this.send(response, record, 400, { error: 'batch must be a list' });
			const envelope = { context: body.context, integrations: body.integrations };
			messages = (body.batch as unknown[]).filter(isObject).map((message) => {
				const merged: Record<string, unknown> = { ...message };
				for (const [field, shared] of Object.entries(envelope)) {
					if (isObject(shared)) merged[field] = { ...shared, ...(isObject(message[field]) ? message[field] : {}) };
				}
				return merged as FakeMessage;
			});
		} else {
			const message = { ...body, type: endpoint } as FakeMessage;
			delete message.writeKey;
			messages = [message];
		}
		for (const message of messages) {
			if (Buffer.byteLength(JSON.stringify(message)) > FAKE_LIMITS.maxMessageBytes) {
				return this.send(response, record, 400, { error: 'message too large' });
			}
		}

		const fault = this.faults?.({ requestNumber: record.number, method: record.method, path: record.path, messages });
		if (fault) record.fault = fault.kind === 'status' ? String(fault.status) : fault.kind;
		if (this.answerHostile(fault, request, response, record)) return;
		if (fault?.kind === 'status') {
			return this.send(response, record, fault.status, fault.body ?? { error: `scripted ${fault.status}` }, fault.headers);
		}
		if (fault?.kind === 'drop' && !fault.afterProcessing) {
			request.socket.destroy();
			return;
		}
		this.accept(messages, writeKey, record.number);
		if (fault?.kind === 'drop') {
			request.socket.destroy();
			return;
		}
		if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
		if (!response.destroyed) this.send(response, record, 200, { success: true });
	}

	private accept(messages: FakeMessage[], writeKey: string, requestNumber: number): void {
		const receivedAt = new Date().toISOString();
		const accepted: FakeMessage[] = [];
		const touched = new Set<StoredProfile>();
		const gainedIds = new Set<StoredProfile>();
		const source = this.workspace.sourceOfWriteKey(writeKey);
		if (source) this.workspace.observability.apiCalls.push({ at: Date.parse(receivedAt), sourceId: source.id });
		messages.forEach((message, position) => {
			const entry: ReceivedMessage = { message, writeKey, requestNumber, receivedAt };
			this.received.push(entry);
			const reason = this.dropReason(message, writeKey, position);
			if (reason) {
				this.dropped.push({ ...entry, reason });
				if (source && reason !== 'duplicate messageId') this.workspace.observability.failedOnIngest.push({ ...measured(message, source.id, receivedAt), discardReason: DISCARD_REASONS[reason] });
				return;
			}
			this.seenMessageIds.add(String(message.messageId));
			if (source && this.blockedByProtocols(message, source.id)) {
				this.dropped.push({ ...entry, reason: 'blocked by tracking plan' });
				return;
			}
			this.delivered.push(entry);
			if (this.lean) return;
			const idsBefore = this.profiles.externalIdCountOf(entry);
			const profile = this.profiles.add(entry);
			if (profile) touched.add(profile);
			// Engage sends an audience again to a profile that gained an ID (Segment's docs).
			if (profile && idsBefore !== undefined && profile.externalIds.length > idsBefore) gainedIds.add(profile);
			accepted.push(message);
			if (source) this.measureDeliveries(message, source.id, receivedAt);
		});
		if (this.lean) return;
		this.forwardToWebhooks(writeKey, accepted.map((message) => ({ ...message, receivedAt })));
		if (touched.size > 0 && this.workspace.engage.audiences.length > 0) {
			const changes = this.workspace.engage.recompute([...touched]);
			const resynced = [...gainedIds].flatMap((profile) => this.workspace.engage.currentMemberships(profile)).filter((resync) => !changes.some((change) => change.audience === resync.audience && change.profile === resync.profile));
			this.sendMembershipChanges([...changes, ...resynced]);
		}
	}

	/** What the source's other destinations did with an accepted message: filtered, failed (as scripted) or delivered. */
	private measureDeliveries(message: FakeMessage, sourceId: string, receivedAt: string): void {
		const { observability } = this.workspace;
		const record = measured(message, sourceId, receivedAt);
		observability.received.push(record);
		for (const destination of this.workspace.destinations) {
			if (destination.sourceId !== sourceId || destination.enabled === false) continue;
			const filtered = !this.workspace.passesDestinationFilters(destination.id, message);
			const result = filtered ? { outcome: 'filtered' as const, discardReason: 'DESTINATION_FILTER' } : observability.outcomeFor(destination.id);
			observability.deliveries.push({ ...record, destinationId: destination.id, ...result });
		}
	}

	/** Segment sends what its source accepted on to the source's Webhooks destinations, after answering. */
	private forwardToWebhooks(writeKey: string, messages: FakeMessage[]): void {
		this.startDeliveries(plannedDeliveries(this.workspace, writeKey, messages));
	}

	/** Segment's Protocols after its 200: a source connected to a tracking plan has its messages blocked, stripped or flagged. */
	private blockedByProtocols(message: FakeMessage, sourceId: string): boolean {
		const planId = [...this.workspace.trackingPlanSources].find(([, sources]) => sources.has(sourceId))?.[0];
		const rules = planId === undefined ? undefined : this.workspace.rules.get(planId);
		if (!rules) return false;
		const outcome = applyProtocols(rules, this.workspace.schemaSettings.get(sourceId) ?? {}, message as Record<string, unknown>);
		if (outcome.violations.length > 0 || outcome.blocked) this.protocols.push({ ...outcome, messageId: String(message.messageId) });
		return outcome.blocked;
	}

	/** The keys it was started with, and those of sources made since, less those taken away or deleted with their source. */
	private isKnownWriteKey(writeKey: string): boolean {
		if (this.workspace.revokedWriteKeys.has(writeKey)) return false;
		return this.writeKeys!.has(writeKey) || this.workspace.sourceOfWriteKey(writeKey) !== undefined;
	}

	private dropReason(message: FakeMessage, writeKey: string, position: number): DroppedMessage['reason'] | undefined {
		if (this.writeKeys && !this.isKnownWriteKey(writeKey)) return 'unknown write key';
		if (position >= FAKE_LIMITS.maxBatchMessages) return 'past 2,500 in a batch';
		if (message.userId === undefined && message.anonymousId === undefined) return 'no userId or anonymousId';
		if (message.type === 'track' && !message.event) return 'track without event';
		if (typeof message.messageId === 'string' && message.messageId.length > 100) return 'messageId over 100 characters';
		if (message.messageId === undefined) message.messageId = `segment-${randomUUID()}`;
		if (this.seenMessageIds.has(String(message.messageId))) return 'duplicate messageId';
		return undefined;
	}
}

/** The codes under which the fake's silent drops show in Delivery Overview's failed-on-ingest stage. */
const DISCARD_REASONS: Record<DroppedMessage['reason'], string> = {
	'duplicate messageId': 'DUPLICATE_MESSAGE_ID',
	'no userId or anonymousId': 'MISSING_USER_ID_AND_ANONYMOUS_ID',
	'track without event': 'MISSING_EVENT_NAME',
	'past 2,500 in a batch': 'BATCH_LIMIT_EXCEEDED',
	'messageId over 100 characters': 'MESSAGE_ID_TOO_LONG',
	'unknown write key': 'INVALID_WRITE_KEY',
	'blocked by tracking plan': 'PROTOCOLS_BLOCKED',
};

function measured(message: FakeMessage, sourceId: string, receivedAt: string) {
	const app = (message.context as { app?: { version?: unknown } } | undefined)?.app;
	return {
		at: Date.parse(receivedAt),
		sourceId,
		eventType: message.type,
		...(message.type === 'track' && typeof message.event === 'string' ? { eventName: message.event } : {}),
		...(typeof app?.version === 'string' ? { appVersion: app.version } : {}),
		...(typeof message.userId === 'string' ? { userId: message.userId } : {}),
		...(typeof message.anonymousId === 'string' ? { anonymousId: message.anonymousId } : {}),
	};
}

/** A deterministic pseudo-random source, so fault scripts replay the same way. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
