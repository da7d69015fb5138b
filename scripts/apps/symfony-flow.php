<?php
// The Symfony HttpFoundation app (scripts/apps/symfony/index.php) driven like a browser
// through the pool: protected page redirects to login, CSRF-refused logins, login with a
// new session id, a flash shown once, CSRF-protected note form (refused without or with
// a wrong token), logout with invalidate(), protected page redirects again.
//   php symfony-flow.php --port P --label L --result FILE
declare(strict_types=1);
require __DIR__ . '/flow.php';

$a = flow_args($argv);
$browser = new Browser((int) $a['port']);
$session = 'PHPSESSID';
$flow = new Flow($a['label'], $browser, $session, $a['data-cookie'] ?? $session . '_SC');

function redirects_to(Response $r, string $path): bool
{
    $loc = $r->header('Location');
    return $r->status === 302 && $loc !== null && parse_url($loc, PHP_URL_PATH) === $path;
}

function count_of(Response $r, string $needle): int
{
    return substr_count($r->body, $needle);
}

try {
    // 1. a visitor without a session is sent to the login page
    $r = $browser->get('/index.php/');
    $flow->check('protected page redirects to the login page', redirects_to($r, '/index.php/login'),
        "status {$r->status}, location " . $r->header('Location'));
    $r = $browser->get('/index.php/login');
    $token = $r->inputs()['_token'] ?? '';
    $flow->check('login page shows a form with a CSRF token', $r->status === 200 && strlen($token) >= 40,
        "status {$r->status}");
    $idBefore = $browser->cookie($session);
    $flow->check('the login page started a session (id cookie)', $idBefore !== null);
    $flow->measure('login page');

    // 2. login refused without a token and with a wrong one
    $r = $browser->post('/index.php/login', ['username' => 'alice', 'password' => 'wonderland']);
    $flow->check('login without a CSRF token is refused (403)', $r->status === 403, "status {$r->status}");
    $r = $browser->post('/index.php/login', ['username' => 'alice', 'password' => 'wonderland',
        '_token' => strrev($token)]);
    $flow->check('login with a wrong CSRF token is refused (403)', $r->status === 403, "status {$r->status}");
    $r = $browser->get('/index.php/');
    $flow->check('still not signed in after the refused logins', redirects_to($r, '/index.php/login'));

    // 3. wrong password: back to the form with an error flash, shown once
    $r = $browser->post('/index.php/login', ['username' => 'alice', 'password' => 'nope', '_token' => $token]);
    $flow->check('wrong password redirects to the login page', redirects_to($r, '/index.php/login'));
    $r = $browser->get('/index.php/login');
    $flow->check('the login page shows the error flash', count_of($r, 'Wrong user name or password.') === 1);
    $token = $r->inputs()['_token'] ?? $token;
    $r = $browser->get('/index.php/login');
    $flow->check('the error flash is gone on the next page', count_of($r, 'Wrong user name or password.') === 0);
    $flow->measure('after a failed login');

    // 4. login: new session id, welcome flash once
    $r = $browser->post('/index.php/login', ['username' => 'alice', 'password' => 'wonderland', '_token' => $token]);
    $flow->check('login redirects to the protected page', redirects_to($r, '/index.php/'),
        "status {$r->status}, location " . $r->header('Location'));
    $idAfter = $browser->cookie($session);
    $flow->check('login issued a new session id (migrate)', $idAfter !== null && $idAfter !== $idBefore);
    $flow->measure('after login');
    $r = $browser->get('/index.php/');
    $flow->check('protected page shows the user and the welcome flash',
        $r->status === 200 && str_contains($r->body, 'Signed in as alice') && count_of($r, 'Welcome, alice!') === 1,
        "status {$r->status}");
    $form = $r->inputs();
    $noteToken = $form['_token'] ?? '';
    $logoutToken = $form['_logout_token'] ?? '';
    $flow->measure('protected page');
    $r = $browser->get('/index.php/');
    $flow->check('the welcome flash is shown only once, still signed in',
        $r->status === 200 && str_contains($r->body, 'Signed in as alice') && count_of($r, 'Welcome, alice!') === 0);

    // 5. the CSRF-protected form
    $r = $browser->post('/index.php/notes', ['note' => 'forged without token']);
    $flow->check('note without a CSRF token is refused (403)', $r->status === 403, "status {$r->status}");
    $r = $browser->post('/index.php/notes', ['note' => 'forged with a wrong token', '_token' => $logoutToken]);
    $flow->check('note with a wrong CSRF token (another form\'s) is refused (403)', $r->status === 403,
        "status {$r->status}");
    $notes = ['first note', 'second note <b>&', 'third note ' . bin2hex(random_bytes(8))];
    $i = 0;
    foreach ($notes as $note) {
        $i++;
        $r = $browser->post('/index.php/notes', ['note' => $note, '_token' => $noteToken]);
        $flow->check("note $i with the token is accepted", redirects_to($r, '/index.php/'), "status {$r->status}");
        $r = $browser->follow($r);
        $flow->check("note $i: the page shows the 'Note saved.' flash once",
            count_of($r, 'Note saved.') === 1);
        $flow->measure("after note $i");
    }
    $r = $browser->get('/index.php/');
    $shown = count_of($r, '<li class="note">');
    $all = true;
    foreach ($notes as $note) {
        $all = $all && str_contains($r->body, htmlspecialchars($note, ENT_QUOTES));
    }
    $flow->check('the page lists exactly the three accepted notes, no forged one',
        $shown === 3 && $all && !str_contains($r->body, 'forged'), "$shown notes");
    $flow->check('no flash left over', count_of($r, 'Note saved.') === 0);

    // 6. logout: refused without the token, then invalidate()
    $r = $browser->post('/index.php/logout', ['_logout_token' => 'wrong']);
    $flow->check('logout with a wrong CSRF token is refused (403)', $r->status === 403);
    $r = $browser->post('/index.php/logout', ['_logout_token' => $logoutToken]);
    $flow->check('logout redirects to the login page', redirects_to($r, '/index.php/login'));
    $idLoggedOut = $browser->cookie($session);
    $flow->check('logout ended the session id (invalidate)', $idLoggedOut !== $idAfter);
    $flow->measure('after logout');
    $r = $browser->get('/index.php/');
    $flow->check('after logout the protected page redirects to the login page',
        redirects_to($r, '/index.php/login'));
    $r = $browser->post('/index.php/notes', ['note' => 'after logout', '_token' => $noteToken]);
    $flow->check('after logout the note form redirects to the login page', redirects_to($r, '/index.php/login'));
} catch (Throwable $e) {
    $flow->check('flow ran to the end', false, $e->getMessage());
}
$flow->finish($a['result'], (int) ($a['max-size'] ?? 0), $a['table'] ?? 'Symfony',
    isset($a['compress']) ? $a['compress'] === '1' : null);
