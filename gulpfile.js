const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads node and credential icons and codex files from
// beside the compiled classes, so they are copied into dist/ with the same layout.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
