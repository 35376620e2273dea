import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { LIBRARY } from '../nodes/shared/messages/library';

// What n8n's loader reads: the built files the package.json's n8n section lists.
const root = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

type Icon = string | { light: string; dark: string };

function iconFiles(icon: Icon | undefined, builtFile: string): string[] {
	if (!icon) return [];
	const paths = typeof icon === 'string' ? [icon] : [icon.light, icon.dark];
	return paths.map((path) => resolve(dirname(builtFile), path.replace(/^file:/, '')));
}

function loadClass(file: string): new () => Record<string, unknown> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads built files the way n8n's loader does
	const exported = require(join(root, file)) as Record<string, new () => Record<string, unknown>>;
	const classes = Object.values(exported).filter((value) => typeof value === 'function');
	expect(classes).toHaveLength(1);
	return classes[0];
}

describe('the package n8n installs', () => {
	test('is a community node package without runtime dependencies or install scripts', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
		for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[script]).toBeUndefined();
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.license).toBe('MIT');
	});

	test('every node file listed is a node class with its icons and codex file beside it', () => {
		expect(pkg.n8n.nodes.length).toBeGreaterThan(0);
		for (const file of pkg.n8n.nodes as string[]) {
			expect(file).toMatch(/^dist\//);
			const NodeClass = loadClass(file);
			const description = new NodeClass().description as Record<string, unknown>;
			expect(typeof description.name).toBe('string');
			expect(Array.isArray(description.properties)).toBe(true);
			const icons = iconFiles(description.icon as Icon, join(root, file));
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) expect(existsSync(icon)).toBe(true);
			expect(existsSync(join(root, file.replace(/\.js$/, '.json')))).toBe(true);
		}
	});

	test('every credential file listed is a credential class with its icons and a test', () => {
		expect(pkg.n8n.credentials.length).toBeGreaterThan(0);
		for (const file of pkg.n8n.credentials as string[]) {
			const CredentialClass = loadClass(file);
			const credential = new CredentialClass();
			expect(typeof credential.name).toBe('string');
			expect(Array.isArray(credential.properties)).toBe(true);
			// Tested by its own request, or by a node that names a test method it has.
			const testedBy = (pkg.n8n.nodes as string[]).flatMap((nodeFile) => {
				const node = new (loadClass(nodeFile))() as { description: { credentials?: Array<{ name: string; testedBy?: string }> }; methods?: { credentialTest?: Record<string, unknown> } };
				return (node.description.credentials ?? [])
					.filter((entry) => entry.name === credential.name && entry.testedBy)
					.map((entry) => typeof node.methods?.credentialTest?.[entry.testedBy!]);
			});
			expect(credential.test !== undefined || (testedBy.length > 0 && testedBy.every((type) => type === 'function'))).toBe(true);
			const icons = iconFiles(credential.icon as Icon, join(root, file));
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) expect(existsSync(icon)).toBe(true);
		}
	});

	test("messages name the package's own version in context.library", () => {
		expect(LIBRARY).toEqual({ name: pkg.name, version: pkg.version });
	});

	test("in n8n's nodes panel, the Segment entry is the Tracking API alone, and each merged entry's text speaks for its node", () => {
		// n8n's editor merges a node "x" and a trigger "xTrigger" (by internal name) into one
		// entry, and shows the trigger's description for it.
		const nodes = (pkg.n8n.nodes as string[]).map((file) => new (loadClass(file))().description as { name: string; description: string; group: string[] });
		const mergedInto = (name: string) => nodes.filter((node) => node.group.includes('trigger') && node.name.replace('Trigger', '') === name);
		expect(mergedInto('segment')).toEqual([]);
		expect(mergedInto('segmentProfile').map((node) => node.name)).toEqual(['segmentProfileTrigger']);
		expect(mergedInto('segmentProfile')[0].description).toMatch(/look up traits, events/);
		expect(mergedInto('segmentWorkspace').map((node) => node.name)).toEqual(['segmentWorkspaceTrigger']);
		expect(mergedInto('segmentWorkspace')[0].description).toMatch(/run the workspace/);
		const names = nodes.map((node) => node.name);
		expect(names).toEqual(expect.arrayContaining(['segment', 'segmentProfile', 'segmentWorkspace', 'segmentProfileTrigger', 'segmentWebhookTrigger', 'segmentWorkspaceTrigger']));
		expect(new Set(nodes.map((node) => node.description)).size).toBe(nodes.length);
	});

	test('the action nodes are usable as AI tools, the triggers are not', () => {
		for (const file of pkg.n8n.nodes as string[]) {
			const description = new (loadClass(file))().description as { group: string[]; usableAsTool?: boolean };
			expect([file, description.usableAsTool === true]).toEqual([file, !description.group.includes('trigger')]);
		}
	});
});

describe('ready to publish', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const repoPath = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(pkg.repository.url)?.[1];

	test('one GitHub path everywhere: repository, homepage, issues, README images and the changelog', () => {
		expect(repoPath).toBeDefined();
		expect(pkg.homepage).toBe(`https://github.com/${repoPath}#readme`);
		expect(pkg.bugs.url).toBe(`https://github.com/${repoPath}/issues`);
		const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
		expect(images.length).toBeGreaterThan(0);
		// npm's page shows only images with an absolute address.
		for (const image of images) expect(image.startsWith(`https://raw.githubusercontent.com/${repoPath}/main/`)).toBe(true);
		expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toContain(`## [${pkg.version}]`);
		expect(pkg.author.email).not.toMatch(/\.invalid$/);
		expect(pkg.main).toBeUndefined();
	});

	test('published only from GitHub Actions with provenance, when the tag is the version, after the checks', () => {
		const publish = readFileSync(join(root, '.github', 'workflows', 'publish.yml'), 'utf8');
		expect(publish).toMatch(/id-token: write/);
		expect(publish).toMatch(/contents: read/);
		expect(publish).toContain('npm publish --provenance --access public');
		expect(publish).toContain('if [ "$TAG" != "v$version" ]');
		expect(publish.indexOf('.ci/run')).toBeLessThan(publish.indexOf('npm publish'));
		const ci = readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8');
		expect(ci).toMatch(/node: \['20', '22'\]/);
		expect(ci).toMatch(/n8n: \['1\.123\.\d+', '2\.41\.\d+'\]/);
	});
});
