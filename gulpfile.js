// Copies the icons into dist next to the compiled code. Node and credential files point at them
// with paths relative to themselves (file:../../icons/… and file:../icons/…).
// encoding: false keeps binary icons (PNG) intact under gulp 5, which decodes as UTF-8 by default.
const { src, dest, parallel } = require('gulp');

function copyTopLevelIcons() {
	return src('icons/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
}

function copyNodeIcons() {
	return src('nodes/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(dest('dist/nodes'));
}

exports['build:icons'] = parallel(copyTopLevelIcons, copyNodeIcons);
