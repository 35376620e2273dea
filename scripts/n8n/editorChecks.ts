/**
 * What a user sees in n8n's real editor, checked in headless Chromium (Debian's, driven by
 * playwright-core): the nodes panel's Segment entries, every operation of every action node
 * opened with its credential kept, and every example run as shipped.
 */
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { check } from './checks';
import { ensureChromium } from './debianPackages';
import type { Login } from './rest';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface EditorSession {
	browser: Browser;
	page: Page;
	/** Errors the page logged, and answers of n8n's own API that failed, since the last look. */
	takeErrors(): string[];
}

/** Chromium signed in to n8n, collecting what the page logs as errors. */
export async function openEditor(n8nUrl: string, login: Login): Promise<EditorSession> {
	const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	const response = await page.request.post(`${n8nUrl}/rest/login`, { data: { emailOrLdapLoginId: login.email, email: login.email, password: login.password } });
	if (!response.ok()) throw new Error(`n8n's login answered ${response.status()}`);
	let errors: string[] = [];
	page.on('console', (message) => {
		// Failed loads are judged by their answers below, where their address is known; n8n's
		// own calls home (banners, its AI assistant's licence) fail on this closed machine.
		if (message.type() === 'error' && !/^Failed to load resource:|^Failed to fetch (dynamic banners|sessions metadata)/.test(message.text())) errors.push(message.text().slice(0, 500));
	});
	page.on('pageerror', (error) => errors.push(`page error: ${error.message.slice(0, 500)}`));
	page.on('response', (answer) => {
		// The editor asks for an output schema of every operation it shows (/schemas/…), and
		// takes a 404 as "none": n8n's own nodes without one get the same answer.
		// n8n 1.x also asks for a workflow's last successful run (404 before the first) and its
		// AI assistant's sessions (403 without that licence).
		const url = new URL(answer.url());
		const expected = (answer.status() === 404 && (url.pathname.startsWith('/schemas/') || url.pathname.endsWith('/executions/last-successful'))) || url.pathname.startsWith('/rest/ai/');
		if (answer.status() >= 400 && !expected) errors.push(`${answer.status()} from ${answer.url()}`);
	});
	page.on('requestfailed', (request) => {
		// This machine reaches nothing beyond loopback: the editor's calls to n8n's cloud services fail, which says nothing of this package.
		if (new URL(request.url()).hostname === new URL(n8nUrl).hostname) errors.push(`${request.failure()?.errorText ?? 'failed'}: ${request.url()}`);
	});
	return {
		browser,
		page,
		takeErrors: () => {
			const taken = errors;
			errors = [];
			return taken;
		},
	};
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The node creator's search, from the canvas's plus button. */
async function searchNodes(page: Page, text: string): Promise<void> {
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').first().fill(text);
	await page.waitForTimeout(800);
}

const creatorItems = (page: Page) => page.locator('[data-test-id="item-iterator-item"]');

/** A new workflow with a manual start, so that the node creator offers actions. */
async function newWorkflow(n8nUrl: string, page: Page): Promise<void> {
	await page.goto(`${n8nUrl}/workflow/new`, { waitUntil: 'networkidle' });
	await searchNodes(page, 'Manual');
	await page.keyboard.press('Enter');
	await page.waitForTimeout(800);
	await page.keyboard.press('Escape');
	await page.waitForTimeout(300);
}

const openItems = (page: Page) => page.locator('.el-select-dropdown__item:visible');

/** Opens a select parameter of the open node, once the last one has closed, and returns its items by name. */
async function openSelect(page: Page, parameter: string): Promise<string[]> {
	await openItems(page).first().waitFor({ state: 'hidden' });
	await page.locator(`[data-test-id="parameter-input-${parameter}"]`).first().click();
	await openItems(page).first().waitFor();
	return (await openItems(page).allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

// n8n adds "Custom API Call" to every node whose credential can sign any request: it only points at the HTTP Request node.
const ownOptions = (names: string[]) => names.filter((name) => name !== 'Custom API Call');

/** The options a select parameter of the open node offers, by name. */
export async function optionsOf(page: Page, parameter: string): Promise<string[]> {
	const names = await openSelect(page, parameter);
	await page.keyboard.press('Escape');
	return ownOptions(names);
}

async function choose(page: Page, parameter: string, option: string): Promise<void> {
	const names = await openSelect(page, parameter);
	const index = names.indexOf(option);
	if (index === -1) throw new Error(`${parameter} offers no "${option}": ${names.join(', ')}`);
	await openItems(page).nth(index).click();
	await page.waitForTimeout(150);
}

const chosenCredential = async (page: Page) => await page.locator('[data-test-id="node-credentials-select"] input').first().inputValue();

export interface ActionNodeWalk {
	/** The entry's name in the nodes panel, and a text of its description that tells it from n8n's own. */
	entry: string;
	description: RegExp;
	/** The action clicked to put it on the canvas. */
	firstAction: string;
	credential: string;
}

/**
 * The nodes panel's Segment entries, then each action node put on the canvas as a user
 * would, its every resource and operation chosen in turn: the credential n8n picked stays,
 * and no panel logs an error.
 */
export async function checkActionNodes(editor: EditorSession, n8nUrl: string, nodes: ActionNodeWalk[]): Promise<void> {
	const { page } = editor;
	await newWorkflow(n8nUrl, page);
	await searchNodes(page, 'Segment');
	// This package's entries, told from n8n's own Segment node by where their icon comes from.
	const ours = (name?: string) => {
		const items = creatorItems(page).filter({ has: page.locator('img[src*="/n8n-nodes-segment/"]') });
		// By the entry's name alone: its text runs on into the description without a break.
		return name === undefined ? items : items.filter({ has: page.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }) });
	};
	const entries = (await ours().allInnerTexts()).map((text) => text.trim());
	for (const node of nodes) {
		const entry = entries.find((text) => text.split('\n')[0].trim() === node.entry);
		// n8n 2.x shows each entry's description; 1.x only its name.
		const described = entry !== undefined && (!entry.includes('\n') || node.description.test(entry));
		check(`the nodes panel has a "${node.entry}" entry of this package`, described, JSON.stringify(entries));
	}
	editor.takeErrors();
	for (const node of nodes) {
		await page.keyboard.press('Escape');
		await searchNodes(page, node.entry);
		await ours(node.entry).first().click();
		await page.waitForTimeout(800);
		const actions = (await creatorItems(page).allInnerTexts()).map((text) => text.trim()).filter((text) => text !== '' && !/ACTIONS$|^TRIGGERS/i.test(text));
		if (node.entry === 'Segment') {
			const tracking = actions.filter((text) => !/trigger/i.test(text));
			check('the Segment entry lists its seven tracking calls and nothing else, "Track an event …" among them', tracking.length === 7 && tracking.some((text) => text.startsWith('Track an event ')), JSON.stringify(actions));
		}
		await creatorItems(page).filter({ hasText: new RegExp(`^${escapeRegExp(node.firstAction)}\\b`) }).first().click();
		await page.locator('[data-test-id="node-credentials-select"]').first().waitFor();
		await page.waitForTimeout(800);
		const lost: string[] = [];
		let opened = 0;
		for (const resource of await optionsOf(page, 'resource')) {
			await choose(page, 'resource', resource);
			for (const operation of await optionsOf(page, 'operation')) {
				await choose(page, 'operation', operation);
				opened++;
				const credential = await chosenCredential(page);
				if (credential !== node.credential) lost.push(`${resource} → ${operation}: "${credential}"`);
				for (const error of editor.takeErrors()) lost.push(`${resource} → ${operation}: ${error}`);
			}
		}
		check(`${node.entry}: ${opened} operations opened, each with its credential "${node.credential}" kept and no error in the editor`, opened > 0 && lost.length === 0, lost.slice(0, 10).join('\n'));
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
}

export interface ExampleRun {
	id: string;
	name: string;
}

interface ExecutionSummary {
	id: string;
	status: string;
}

/**
 * Each example opened in the editor and run as shipped, with its Execute workflow button:
 * n8n records a run that succeeded (or waits, at a Wait node), and the editor shows no error.
 */
export async function checkExamplesAsShipped(
	editor: EditorSession,
	n8nUrl: string,
	examples: ExampleRun[],
	executionsOf: (workflowId: string) => Promise<ExecutionSummary[]>,
): Promise<void> {
	const { page } = editor;
	for (const example of examples) {
		const before = new Set((await executionsOf(example.id)).map((execution) => execution.id));
		await page.goto(`${n8nUrl}/workflow/${example.id}`, { waitUntil: 'networkidle' });
		editor.takeErrors();
		await page.getByRole('button', { name: /^(Execute|Test) workflow/ }).first().click({ force: true });
		let run: ExecutionSummary | undefined;
		for (let waited = 0; waited < 60_000 && !run; waited += 1_000) {
			await page.waitForTimeout(1_000);
			run = (await executionsOf(example.id)).find((execution) => !before.has(execution.id) && !['new', 'running'].includes(execution.status));
		}
		const errors = editor.takeErrors();
		check(`example "${example.name}" runs as shipped: ${run?.status ?? 'no run recorded'}`, (run?.status === 'success' || run?.status === 'waiting') && errors.length === 0, errors.slice(0, 5).join('\n'));
	}
}
