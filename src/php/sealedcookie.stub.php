<?php

/** @generate-class-entries */

/**
 * What reading this request's data cookie found: "none" (no cookie), "valid",
 * "resealed" (opened with an older key; this response re-seals it with the
 * key that seals now), "expired", "invalid" or "revoked" (created before
 * sealedcookie.revoked_before).
 */
function sealedcookie_status(): string {}

/**
 * The authenticated facts of the session this request opened: status, reason
 * (why it did not open, or null), key and key_id (the key that sealed it),
 * created, last_written, idle_expires, absolute_expires (Unix seconds or
 * null), chunks, wire_bytes, compressed.
 */
function sealedcookie_facts(): array {}

/**
 * This server's counters (all workers of one php-fpm master): opens by
 * outcome and reason, opens and seals by key, refusals, bytes sealed. False
 * when sealedcookie.counters is off.
 */
function sealedcookie_counters(): array|false {}

/** The counters in the Prometheus / OpenMetrics text format; false when off. */
function sealedcookie_metrics(): string|false {}

/** A fresh random key in the syntax sealedcookie.keys and key_file accept. */
function sealedcookie_generate_key(string $label = ""): string {}

/** Largest encoded session (bytes) that still fits sealedcookie.max_size. */
function sealedcookie_max_session_size(): int {}
