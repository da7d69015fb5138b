<?php
// The files package.xml ships, one path a line, relative to the repository.
// With --check, instead lists the files under config.m4, include/, src/core,
// src/php and php-tests that package.xml leaves out, and exits 1 if there are
// any: a PECL tarball must build and test exactly what scripts/build-ext.sh does.
//   php scripts/package-files.php [--check] package.xml

$check = ($argv[1] ?? '') === '--check';
$file = $argv[$check ? 2 : 1] ?? 'package.xml';
$text = @file_get_contents($file);
if ($text === false || !preg_match('~<contents>(.*)</contents>~s', $text, $contents)) {
    fwrite(STDERR, "package-files: no <contents> in $file\n");
    exit(2);
}
// A walk over the <dir name=".."> / </dir> / <file name=".." /> tags (no XML
// extension needed: php -n has none).
preg_match_all('~<(dir|file)\s[^>]*?name="([^"]*)"[^>]*?(/?)>|</dir>~', $contents[1], $tags, PREG_SET_ORDER);
$listed = [];
$dirs = [];
foreach ($tags as $tag) {
    if ($tag[0] === '</dir>') {
        array_pop($dirs);
    } elseif ($tag[1] === 'dir') {
        $dirs[] = trim($tag[2], '/');
    } else {
        $listed[] = implode('/', array_filter([...$dirs, $tag[2]], 'strlen'));
    }
}
if (!$check) {
    echo implode("\n", $listed), "\n";
    exit(0);
}

$tree = ['config.m4'];
foreach (['include', 'src/core', 'src/php', 'php-tests'] as $dir) {
    $entries = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS));
    foreach ($entries as $entry) {
        if ($entry->isFile()) {
            $tree[] = $entry->getPathname();
        }
    }
}
$missing = array_diff($tree, $listed);
sort($missing);
foreach ($missing as $path) {
    echo "package.xml does not list $path\n";
}
exit($missing ? 1 : 0);
