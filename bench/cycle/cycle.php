<?php
// One session cycle per request, for run.sh under `php-cgi -T <cycles>`:
// session_start(), change the counter and one byte of the payload,
// session_write_close(), send the headers. Only that is timed (hrtime), and its
// time in nanoseconds is appended to BENCH_LOG.
//
// Why php-cgi and not a loop in php-cli: sealedcookie reads the data cookie
// from the request (PG(http_globals)) and adds its Set-Cookie when the headers
// are sent, which never happens in CLI; and within one request a second
// session_start() gets the session written earlier without opening anything.
// So every cycle is a request of its own. `php-cgi -T` repeats the request in
// one process, re-reading HTTP_COOKIE from the environment each time; after the
// headers are out, this script takes the Set-Cookie values from headers_list()
// and stores the new Cookie header in the environment with libc setenv (FFI;
// PHP's putenv would be undone at request end). That feeds the cookie back, the
// same way for every handler.
//
// Env: BENCH_HANDLER (files, memcached, redis, userland, sealedcookie, none),
// BENCH_SIZE (bytes the session encodes to), BENCH_LOG, BENCH_KEY_FILE.

$handler = getenv('BENCH_HANDLER');
$size = (int) getenv('BENCH_SIZE');
if ($handler === 'userland') {
    require __DIR__ . '/../request/userland_handler.php';
    session_set_save_handler(new CookieSessionHandler(require getenv('BENCH_KEY_FILE')), true);
}

$started = hrtime(true);
if ($handler !== 'none') {
    session_start();
    $n = ($_SESSION['n'] ?? 0) + 1;
    // "n|i:<n>;payload|s:<len>:"<payload>";" is about 28 bytes besides the payload.
    $payload = $_SESSION['payload'] ?? str_repeat('.', max(1, $size - 28));
    $payload[$n % strlen($payload)] = chr(97 + $n % 26);
    $_SESSION['n'] = $n;
    $_SESSION['payload'] = $payload;
    session_write_close();
}
// With output_buffering=0 this sends the headers: sealedcookie adds its
// Set-Cookie here (userland's setcookie() ran inside write()), so the timed part
// ends after it, for every handler. "none" times just this.
echo $n ?? 0, "\n";
$elapsed = hrtime(true) - $started;

$jar = [];
foreach (explode('; ', (string) getenv('HTTP_COOKIE')) as $pair) {
    [$name, $value] = explode('=', $pair, 2) + [1 => ''];
    $jar[$name] = $value;
}
foreach (headers_list() as $header) {
    if (strncasecmp($header, 'Set-Cookie: ', 12) === 0) {
        $cookie = substr($header, 12);
        $end = strpos($cookie, ';');
        [$name, $value] = explode('=', $end === false ? $cookie : substr($cookie, 0, $end), 2);
        if ($value === '' || $value === 'deleted') {
            unset($jar[$name]);
        } else {
            $jar[$name] = $value;
        }
    }
}
$line = [];
foreach ($jar as $name => $value) {
    $line[] = "$name=$value";
}
FFI::cdef('int setenv(const char *name, const char *value, int overwrite);')
    ->setenv('HTTP_COOKIE', implode('; ', $line), 1);

file_put_contents(getenv('BENCH_LOG'), ($n ?? 0) . " $elapsed\n", FILE_APPEND);
