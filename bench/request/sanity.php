<?php
// The request benchmark's sanity probe (bench/request/run.sh), through the shared client
// (scripts/lib/http.php), before wrk runs:
//   php sanity.php PORT SESSION_NAME FLOOR_COOKIE_FILE VARIANT...
// 1. every variant that keeps a session per browser: three requests with a browser's jar
//    (the id cookie seeded, as wrk's jar.lua does); its counter must reach 3.
// 2. FLOOR_COOKIE_FILE: a PHP file returning the cookie floor's Set-Cookie line, the
//    sealed one (sealedcookie's, else userland's) with its value replaced by as many
//    filler characters (same name, length and attributes).
// 3. the session floor, whose counter is per process, not per browser: three requests
//    (so one of the two children answers twice) must show the session coming back (a
//    counter of 2 or more), the session machinery at work (session_start's cache-limiter
//    header), and the cookie floor's Set-Cookie alone: the id comes from the request's
//    cookie, so PHP sets no id cookie, and the browser's cookie bytes are the floor's.
// Prints one line per check: "VARIANT ok ..." or "VARIANT BROKEN (...)".
declare(strict_types=1);
require __DIR__ . '/../../scripts/lib/http.php';

[, $port, $sessionName, $floorFile] = $argv;
$port = (int) $port;
$variants = array_slice($argv, 4);

function counter_of(Response $r): int
{
    return preg_match('/^n=(\d+)$/m', $r->body, $m) ? (int) $m[1] : -1;
}

// 1. The floors keep no session per browser (the session floor's handler shares one
// session across the whole process); it is checked in 3.
$sealedLine = null;
$sealedSource = '';
foreach (array_diff($variants, ['none', 'cookie', 'sessionfloor']) as $v) {
    $browser = new Browser($port, 'sealedcookie-bench-sanity');
    $browser->jar->set($sessionName, 'sanity' . substr(md5($v), 0, 20));
    $n = -1;
    try {
        for ($step = 1; $step <= 3; $step++) {
            $r = $browser->get("/$v");
            $n = counter_of($r);
            foreach ($r->setCookies() as $line) {
                // The floor mirrors sealedcookie's cookie, or the userland one without it.
                if (str_starts_with($line, "{$sessionName}_SC=")
                    && ($v === 'sealedcookie' || ($v === 'userland' && $sealedSource !== 'sealedcookie'))) {
                    $sealedLine = $line;
                    $sealedSource = $v;
                }
            }
        }
    } catch (RuntimeException $e) {
        echo "$v BROKEN ({$e->getMessage()})\n";
        continue;
    }
    echo $n === 3 ? "$v ok\n" : "$v BROKEN (counter after 3 requests: " . ($n < 0 ? 'none' : $n) . ")\n";
}

// 2. The cookie floor's Set-Cookie line.
if ($sealedLine !== null) {
    [$name, $rest] = explode('=', $sealedLine, 2);
    $value = strstr($rest, ';', true);
    $value = $value === false ? $rest : $value;
    $floor = "Set-Cookie: $name=" . str_repeat('A', strlen($value)) . substr($rest, strlen($value));
    echo "cookie floor mirrors $sealedSource: Set-Cookie line of " . strlen($floor) . " bytes\n";
} else {
    $floor = "Set-Cookie: {$sessionName}_SC=" . str_repeat('A', 1500) . '; path=/; HttpOnly';
    echo "cookie floor: no sealed variant answered; 1500 filler bytes\n";
}
file_put_contents($floorFile, '<?php return ' . var_export($floor, true) . ";\n");

// 3. The session floor.
if (in_array('sessionfloor', $variants, true)) {
    $browser = new Browser($port, 'sealedcookie-bench-sanity');
    $browser->jar->set($sessionName, 'sanitysessionfloor');
    $top = 0;
    $limiter = false;
    $lengths = [];
    try {
        for ($i = 0; $i < 3; $i++) {
            $r = $browser->request('GET', '/sessionfloor', null, false); // the jar stays as seeded
            $top = max($top, counter_of($r));
            $limiter = $limiter || str_starts_with(strtolower((string) $r->header('Cache-Control')), 'no-store');
            $lengths = array_map(static fn(string $l) => strlen("Set-Cookie: $l"), $r->setCookies());
        }
    } catch (RuntimeException $e) {
        echo "sessionfloor BROKEN ({$e->getMessage()})\n";
        exit(0);
    }
    if ($top >= 2 && $limiter && $lengths === [strlen($floor)]) {
        echo 'sessionfloor ok (session on benchnull; one Set-Cookie, the cookie floor\'s ' . strlen($floor) . " bytes)\n";
    } else {
        printf("sessionfloor BROKEN (top counter %d, cache limiter %s, Set-Cookie lengths '%s')\n", $top,
            $limiter ? 'yes' : 'no', implode(' ', $lengths));
    }
}
