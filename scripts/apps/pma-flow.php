<?php
// phpMyAdmin driven like a browser through the pool (scripts/test-apps.sh): log in with
// cookie auth (token from the login form), run SQL queries through the import route
// (token carried page to page), check their results, log out, and check that its pages
// show the login form again. Measures the session after every step.
//   php pma-flow.php --port P --user U --password-file F --label L --result FILE
declare(strict_types=1);
require __DIR__ . '/flow.php';

$a = flow_args($argv);
$browser = new Browser((int) $a['port']);
$session = 'phpMyAdmin';
$flow = new Flow($a['label'], $browser, $session, $a['data-cookie'] ?? $session . '_SC');
$user = $a['user'];
$password = trim((string) file_get_contents($a['password-file']));

function pma_token(Response $r): ?string
{
    if (preg_match('~name="token" value="([0-9a-f]+)"~', $r->body, $m)) {
        return $m[1];
    }
    if (preg_match('~"token":"([0-9a-f]+)"~', $r->body, $m)) {
        return $m[1];
    }
    return null;
}

function is_login_form(Response $r): bool
{
    return $r->status === 200 && str_contains($r->body, 'name="pma_username"')
        && str_contains($r->body, 'name="pma_password"');
}

function is_logged_in(Response $r, string $user): bool
{
    return $r->status === 200 && !str_contains($r->body, 'name="pma_password"')
        && str_contains($r->body, 'route=/logout') && str_contains($r->body, $user);
}

/** POST a query to the import route as phpMyAdmin's own SQL box does (ajax). */
function pma_query(Browser $b, string $token, string $sql): array
{
    $r = $b->post('/index.php?route=/import', [
        'route' => '/import',
        'server' => '1',
        'db' => 'demo',
        'table' => '',
        'token' => $token,
        'ajax_request' => 'true',
        'ajax_page_request' => 'true',
        'is_js_confirmed' => '0',
        'pos' => '0',
        'goto' => 'index.php?route=/database/sql',
        'message_to_show' => 'Your SQL query has been executed successfully.',
        'prev_sql_query' => '',
        'sql_query' => $sql,
        'sql_delimiter' => ';',
        'show_query' => '1',
        'fk_checks' => '1',
        'SQL' => 'Go',
    ]);
    $j = $r->json();
    if (getenv('APPS_DEBUG') && !is_array($j)) { fwrite(STDERR, "---- $sql\n" . print_r($r->headers, true) . substr($r->body, 0, 3000) . "\n"); }
    return [$r, is_array($j) ? $j : null];
}

try {
    // 1. the login page
    $r = $browser->get('/index.php');
    $flow->check('GET /index.php shows the login form', is_login_form($r), "status {$r->status}");
    $form = $r->inputs();
    $token = $form['token'] ?? '';
    $flow->check('login form carries a CSRF token', $token !== '');
    $flow->measure('login page');

    // 2. log in: the form's hidden fields (token, set_session, server...) plus credentials
    $fields = array_diff_key($form, ['pma_username' => 1, 'pma_password' => 1, 'lang' => 1]);
    $fields += ['route' => '/', 'server' => '1'];
    $fields['pma_username'] = $user;
    $fields['pma_password'] = $password;
    $r = $browser->post('/index.php?route=/', $fields);
    $flow->check('login POST redirects', $r->status === 302, "status {$r->status}");
    $home = $browser->follow($r);
    $flow->check("after login the home page shows user $user and a logout link", is_logged_in($home, $user),
        "status {$home->status}");
    $token = pma_token($home) ?? '';
    $flow->check('home page carries a CSRF token', $token !== '');
    $flow->measure('after login');

    // 3. queries, the token carried from page to page
    $marker = 'sealed-' . bin2hex(random_bytes(4));
    $queries = [
        ['SELECT * FROM items ORDER BY id', ['apple', 'pear', 'plum']],
        ["INSERT INTO items (name, qty) VALUES ('$marker', 42)", ['1 row inserted']],
        ["SELECT name, qty FROM items WHERE qty > 4 ORDER BY qty DESC", [$marker, 'plum', 'pear']],
        ["UPDATE items SET qty = qty + 1 WHERE name = '$marker'", ['1 row affected']],
        ["SELECT name, qty FROM items WHERE name = '$marker'", [$marker, '43']],
    ];
    $n = 0;
    foreach ($queries as [$sql, $expect]) {
        $n++;
        [$r, $j] = pma_query($browser, $token, $sql);
        $msg = (string) ($j['message'] ?? '');
        $missing = array_values(array_filter($expect, fn ($e) => !str_contains($msg, $e)));
        $flow->check("query $n ($sql) succeeds and shows " . implode(', ', $expect),
            $r->status === 200 && ($j['success'] ?? false) === true && $missing === [],
            "status {$r->status}, success " . json_encode($j['success'] ?? null)
            . ', missing ' . json_encode($missing) . ', error ' . substr(strip_tags((string) ($j['error'] ?? '')), 0, 200));
        $flow->measure("after query $n");
    }
    // --extra-queries N: more distinct queries, to see where the session levels off
    // (phpMyAdmin remembers display settings for the last 10 queries)
    $extra = (int) ($a['extra-queries'] ?? 0);
    $extraOk = 0;
    for ($k = 1; $k <= $extra; $k++) {
        [$r, $j] = pma_query($browser, $token, "SELECT id, name, qty, $k AS round FROM items WHERE id > " . ($k % 3) . ' ORDER BY id');
        $extraOk += ($j['success'] ?? false) === true && str_contains((string) ($j['message'] ?? ''), 'plum') ? 1 : 0;
        if ($k % 10 === 0 || $k === $extra) {
            $flow->measure("after query " . (count($queries) + $k));
        }
    }
    if ($extra > 0) {
        $flow->check("$extra more queries succeed and show their rows", $extraOk === $extra, "$extraOk of $extra");
    }
    // the same page (a new request, maybe another server) still knows the login
    $r = $browser->get('/index.php?route=/database/structure&db=demo&server=1');
    $flow->check('database structure page lists table items (still logged in)',
        $r->status === 200 && str_contains($r->body, 'items') && !is_login_form($r), "status {$r->status}");
    $newToken = pma_token($r);
    $flow->check('the CSRF token stays the same from page to page', $newToken === $token);
    $flow->measure('structure page');
    $r = $browser->get('/index.php?route=/sql&server=1&db=demo&table=items&pos=0');
    $flow->check("browsing table items (GET) shows its rows, $marker included",
        $r->status === 200 && str_contains($r->body, $marker) && str_contains($r->body, 'plum') && !is_login_form($r),
        "status {$r->status}");
    $flow->measure('browse page');

    // 4. a query with a wrong token is refused
    [$r, $j] = pma_query($browser, str_repeat('0', strlen($token)), "INSERT INTO items (name, qty) VALUES ('forged', 1)");
    $rows = null;
    [$r2, $j2] = pma_query($browser, $token, "SELECT COUNT(*) AS forged_rows FROM items WHERE name = 'forged'");
    $flow->check('a query with a wrong token does not run',
        ($j2['success'] ?? false) === true && preg_match('~forged_rows.*?>\s*0\s*<~s', (string) ($j2['message'] ?? '')) === 1,
        substr(strip_tags((string) ($j2['message'] ?? '')), 0, 200));
    $flow->measure('after a forged query');

    // 5. log out
    $r = $browser->post('/index.php?route=/logout', ['token' => $token, 'server' => '1']);
    $flow->check('logout POST redirects', $r->status === 302, "status {$r->status}");
    $after = $browser->follow($r);
    $flow->check('after logout the login form is shown', is_login_form($after), "status {$after->status}");
    $flow->measure('after logout');
    foreach (['/index.php', '/index.php?route=/database/structure&db=demo&server=1', '/index.php?route=/server/sql'] as $p) {
        $r = $browser->get($p);
        $flow->check("after logout GET $p shows the login form", is_login_form($r), "status {$r->status}");
    }
    [$r, $j] = pma_query($browser, $token, "SELECT name FROM items");
    $flow->check('after logout a query with the old token does not run',
        !str_contains((string) ($j['message'] ?? $r->body), 'apple'));
} catch (Throwable $e) {
    $flow->check('flow ran to the end', false, $e->getMessage());
}
$flow->finish($a['result'], (int) ($a['max-size'] ?? 0), $a['table'] ?? 'phpMyAdmin',
    isset($a['compress']) ? $a['compress'] === '1' : null);
