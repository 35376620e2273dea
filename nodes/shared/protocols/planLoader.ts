import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { pathSegment } from '../publicApi/pathSegment';
import type { PublicApiContext } from '../transport/publicApiTransport';
import { redactText, secretForms } from '../transport/redact';
import { PUBLIC_API_CREDENTIAL, publicApiList, publicApiRequest, reportMalformed } from '../transport/publicApiTransport';
import type { SchemaSettings } from './schemaSettings';
import { readSchemaSettings } from './schemaSettings';
import type { TrackingPlan } from './trackingPlan';
import { compilePlan, readRules } from './trackingPlan';

/**
 * A tracking plan's rules (every page) and a source's schema settings, read once per
 * execution and kept in this process for a short while, so that a busy workflow does not
 * ask Segment on every run. Keyed by the token's digest, never the token itself.
 */

/** How long a plan read from Segment is used before it is read again. */
export const PLAN_CACHE_MS = 5 * 60_000;
const MAX_CACHED = 200;

interface Cached<T> {
	until: number;
	value: Promise<T>;
}

const plans = new Map<string, Cached<TrackingPlan>>();
export interface SourceSettings {
	sourceId: string;
	settings: SchemaSettings;
}

const settings = new Map<string, Cached<SourceSettings | undefined>>();

async function cacheKey(ctx: PublicApiContext, ...parts: string[]): Promise<string> {
	const credentials = await ctx.getCredentials(PUBLIC_API_CREDENTIAL);
	const account = createHash('sha256').update(`${String(credentials.region)}|${String(credentials.baseUrl ?? '')}|${String(credentials.token)}`).digest('hex');
	return [account, ...parts].join('|');
}

async function remembered<T>(cache: Map<string, Cached<T>>, key: string, read: () => Promise<T>, now: number): Promise<T> {
	const hit = cache.get(key);
	if (hit && hit.until > now) return await hit.value;
	if (cache.size >= MAX_CACHED) cache.clear();
	const value = read();
	cache.set(key, { until: now + PLAN_CACHE_MS, value });
	// A read that failed is not kept: the next run asks again.
	value.catch(() => cache.delete(key));
	return await value;
}

/** Forgets every plan and setting read so far (tests; a workflow builder who just changed the plan waits at most five minutes). */
export function forgetTrackingPlans(): void {
	plans.clear();
	settings.clear();
}

export async function loadTrackingPlan(ctx: PublicApiContext, planIdGiven: unknown, now = Date.now()): Promise<TrackingPlan> {
	const planId = pathSegment(planIdGiven, 'Tracking Plan');
	return await remembered(plans, await cacheKey(ctx, 'plan', planId), async () => {
		const answer = await publicApiRequest(ctx, { method: 'GET', path: `/tracking-plans/${planId}` });
		const plan = answer.trackingPlan as IDataObject | undefined;
		// The name goes into outputs and errors: an answer that echoes the token must not carry it there.
		const secrets = secretForms([(await ctx.getCredentials(PUBLIC_API_CREDENTIAL)).token]);
		const name = plan && typeof plan.name === 'string' && plan.name !== '' ? redactText(plan.name.slice(0, 200), secrets) : planId;
		const entries = await publicApiList(ctx, { path: `/tracking-plans/${planId}/rules`, key: 'rules' });
		const { rules, skipped } = readRules(entries);
		reportMalformed(ctx, `the rules of tracking plan ${planId}`, skipped);
		return compilePlan(planId, name, rules);
	}, now);
}

/** The source a write key belongs to, and its schema settings; undefined when no source of the workspace has the key. */
export async function loadSourceSettings(ctx: PublicApiContext, writeKey: string, now = Date.now()): Promise<SourceSettings | undefined> {
	const digest = createHash('sha256').update(writeKey).digest('hex');
	const holdsKey = (source: IDataObject) => Array.isArray(source.writeKeys) && (source.writeKeys as unknown[]).includes(writeKey);
	return await remembered(settings, await cacheKey(ctx, 'source', digest), async () => {
		const sources = await publicApiList(ctx, { path: '/sources', key: 'sources', until: holdsKey });
		const source = sources.find(holdsKey);
		if (!source) return undefined;
		const sourceId = pathSegment(source.id, 'Source');
		const answer = await publicApiRequest(ctx, { method: 'GET', path: `/sources/${sourceId}/settings` });
		return { sourceId, settings: readSchemaSettings(answer.settings) };
	}, now);
}
