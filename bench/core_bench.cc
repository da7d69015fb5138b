// Seal+open through Sealer against the raw floor: the same AEAD work done with
// libsodium directly (fresh nonce, XChaCha20-Poly1305 encrypt of the same
// plaintext with associated data of the same size, base64url encode, decode,
// decrypt). The floor comes twice: with libsodium's base64 codec and with our
// table-driven Base64UrlEncode/Decode, so the cost of the codec is visible.
// After the runs a table gives sealedcookie time / floor time per size; the
// target is <= 1.25 against the fast-base64 floor.
//
// Usage: sealedcookie_core_bench [--benchmark_* flags]. Every benchmark is
// repeated; the table uses the fastest repetition of each (least disturbed by
// other processes on a shared machine), in CPU time.
#include <benchmark/benchmark.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "sealedcookie/base64url.h"
#include "sealedcookie/clock.h"
#include "sealedcookie/key_ring.h"
#include "sealedcookie/sealer.h"

namespace {

using sealedcookie::Base64UrlDecode;
using sealedcookie::Base64UrlDecodedMaxSize;
using sealedcookie::Base64UrlEncode;
using sealedcookie::Base64UrlEncodedSize;
using sealedcookie::kEnvelopeOverheadInBytes;
using sealedcookie::kHeaderSizeInBytes;
using sealedcookie::kKeySizeInBytes;
using sealedcookie::kNonceSizeInBytes;
using sealedcookie::kPlaintextHeaderSizeInBytes;
using sealedcookie::kTagSizeInBytes;

constexpr int64_t kSessionSizes[] = {256, 1024, 4096};
constexpr int kRepetitions = 5;
constexpr char kCookieName[] = "PHPSESSID_data";
constexpr char kSessionId[] = "k3j4h5g6f7d8s9a0q1w2e3r4t5";
// "sealedcookie" | version | key id | u8 len | name | u16 len | id
constexpr size_t kAdSize = 12 + 1 + 4 + 1 + sizeof kCookieName - 1 + 2 + sizeof kSessionId - 1;

// A SessionBuffer over memory allocated once, as a zend_string would be
// reused by the allocator: Resize never allocates within the capacity.
class FixedSessionBuffer final : public sealedcookie::SessionBuffer {
 public:
  explicit FixedSessionBuffer(size_t capacity) : bytes_(capacity) {}
  uint8_t* Resize(size_t size) override { return size <= bytes_.size() ? bytes_.data() : nullptr; }

 private:
  std::vector<uint8_t> bytes_;
};

std::string SessionOfSize(size_t size) {
  std::string s(size, '\0');
  randombytes_buf(s.data(), s.size());
  return s;
}

void BM_SealerSealOpen(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  sealedcookie::KeyRing ring;
  sealedcookie::KeyParseError error;
  char key_text[sealedcookie::kMaxKeyTextSizeInBytes + 1];
  size_t key_text_size = 0;
  if (!sealedcookie::GenerateKeyText("bench", key_text, sizeof key_text, &key_text_size) ||
      !sealedcookie::KeyRing::ParseList({key_text, key_text_size}, &ring, &error)) {
    state.SkipWithError("no key");
    return;
  }
  const sealedcookie::Sealer sealer(&ring, &sealedcookie::SystemClock::Instance());
  const sealedcookie::SealContext context{kCookieName, kSessionId};
  const sealedcookie::Lifetimes lifetimes{1440, 86400};
  const std::string session = SessionOfSize(size);
  std::string sealed(sealedcookie::SealedSize(size), '\0');
  FixedSessionBuffer buffer(Base64UrlDecodedMaxSize(sealed.size()));
  for (auto _ : state) {
    const sealedcookie::SealResult sealed_result =
        sealer.Seal(context, session, {}, sealed.data(), sealed.size());
    const sealedcookie::OpenResult opened = sealer.Open(context, sealed, lifetimes, &buffer);
    benchmark::DoNotOptimize(opened);
    benchmark::ClobberMemory();
    if (sealed_result.error != sealedcookie::SealError::kNone ||
        opened.status != sealedcookie::OpenStatus::kOk || opened.session_size != size) {
      state.SkipWithError("seal/open failed");
      break;
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}

// The codec alone, on the envelope of a ~1 KiB session (1078 bytes, 1438 chars).
constexpr int64_t kCodecSizeInBytes = 1078;

void BM_Base64UrlEncode(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  const std::string bytes = SessionOfSize(size);
  std::string encoded(Base64UrlEncodedSize(size), '\0');
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        Base64UrlEncode(reinterpret_cast<const uint8_t*>(bytes.data()), size, encoded.data()));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}

void BM_Base64UrlDecode(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  const std::string bytes = SessionOfSize(size);
  std::string encoded(Base64UrlEncodedSize(size), '\0');
  Base64UrlEncode(reinterpret_cast<const uint8_t*>(bytes.data()), size, encoded.data());
  std::vector<uint8_t> decoded(Base64UrlDecodedMaxSize(encoded.size()));
  for (auto _ : state) {
    const ptrdiff_t written = Base64UrlDecode(encoded, decoded.data());
    benchmark::DoNotOptimize(written);
    benchmark::ClobberMemory();
    if (written != static_cast<ptrdiff_t>(size)) {
      state.SkipWithError("decode failed");
      break;
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}

enum class Codec { kSodium, kFast };

size_t EncodeWith(Codec codec, const uint8_t* in, size_t size, char* out, size_t out_size) {
  if (codec == Codec::kFast) return Base64UrlEncode(in, size, out);
  sodium_bin2base64(out, out_size, in, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return Base64UrlEncodedSize(size);
}

ptrdiff_t DecodeWith(Codec codec, const char* in, size_t size, uint8_t* out, size_t out_size) {
  if (codec == Codec::kFast) return Base64UrlDecode(std::string_view(in, size), out);
  size_t written = 0;
  if (sodium_base642bin(out, out_size, in, size, nullptr, &written, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return -1;
  }
  return static_cast<ptrdiff_t>(written);
}

// The least any sealer must do: the same bytes through the same primitives.
template <Codec codec>
void BM_RawFloor(benchmark::State& state) {
  const size_t size = static_cast<size_t>(state.range(0));
  uint8_t key[kKeySizeInBytes];
  crypto_aead_xchacha20poly1305_ietf_keygen(key);
  std::vector<uint8_t> ad(kAdSize, 'a');
  const std::string session = SessionOfSize(size);
  const size_t plaintext_size = kPlaintextHeaderSizeInBytes + size;
  const size_t envelope_size = size + kEnvelopeOverheadInBytes;
  std::vector<uint8_t> envelope(envelope_size);
  std::vector<uint8_t> plaintext(plaintext_size);
  std::copy(session.begin(), session.end(), plaintext.begin() + kPlaintextHeaderSizeInBytes);
  // sodium_bin2base64 wants room for a NUL.
  std::string encoded(Base64UrlEncodedSize(envelope_size) + 1, '\0');
  std::vector<uint8_t> decoded(Base64UrlDecodedMaxSize(encoded.size()));
  for (auto _ : state) {
    uint8_t* nonce = envelope.data() + 1 + 4;
    randombytes_buf(nonce, kNonceSizeInBytes);
    crypto_aead_xchacha20poly1305_ietf_encrypt(envelope.data() + kHeaderSizeInBytes, nullptr,
                                               plaintext.data(), plaintext.size(), ad.data(),
                                               ad.size(), nullptr, nonce, key);
    const size_t encoded_size =
        EncodeWith(codec, envelope.data(), envelope.size(), encoded.data(), encoded.size());
    const ptrdiff_t decoded_size =
        DecodeWith(codec, encoded.data(), encoded_size, decoded.data(), decoded.size());
    unsigned long long opened_size = 0;
    const int opened = crypto_aead_xchacha20poly1305_ietf_decrypt(
        decoded.data() + kHeaderSizeInBytes, &opened_size, nullptr,
        decoded.data() + kHeaderSizeInBytes, envelope_size - kHeaderSizeInBytes, ad.data(),
        ad.size(), decoded.data() + 5, key);
    benchmark::DoNotOptimize(opened_size);
    benchmark::ClobberMemory();
    if (decoded_size != static_cast<ptrdiff_t>(envelope_size) || opened != 0 ||
        opened_size != plaintext_size) {
      state.SkipWithError("raw floor round trip failed");
      break;
    }
  }
  sodium_memzero(key, sizeof key);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(size));
}

void RegisterAll() {
  benchmark::RegisterBenchmark("base64url_encode", BM_Base64UrlEncode)
      ->Arg(kCodecSizeInBytes)
      ->Unit(benchmark::kNanosecond)
      ->Repetitions(kRepetitions);
  benchmark::RegisterBenchmark("base64url_decode", BM_Base64UrlDecode)
      ->Arg(kCodecSizeInBytes)
      ->Unit(benchmark::kNanosecond)
      ->Repetitions(kRepetitions);
  for (int64_t size : kSessionSizes) {
    benchmark::RegisterBenchmark("sealer_seal_open", BM_SealerSealOpen)
        ->Arg(size)
        ->Unit(benchmark::kNanosecond)
        ->Repetitions(kRepetitions);
    benchmark::RegisterBenchmark("raw_floor_sodium_base64", BM_RawFloor<Codec::kSodium>)
        ->Arg(size)
        ->Unit(benchmark::kNanosecond)
        ->Repetitions(kRepetitions);
    benchmark::RegisterBenchmark("raw_floor_fast_base64", BM_RawFloor<Codec::kFast>)
        ->Arg(size)
        ->Unit(benchmark::kNanosecond)
        ->Repetitions(kRepetitions);
  }
}

// A run that failed: Google Benchmark 1.7 (Debian 12) says so in
// `error_occurred`, 1.8 and later (Debian 13) in `skipped`.
template <typename R>
auto RunFailed(const R& run, int) -> decltype(static_cast<bool>(run.error_occurred)) {
  return run.error_occurred;
}
template <typename R>
bool RunFailed(const R& run, long) {
  return run.skipped != 0;
}

// Prints like the console reporter (aggregates only, to keep it short) and
// keeps the fastest repetition of each benchmark for the ratio table.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    std::vector<Run> shown;
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Aggregate || run.repetitions <= 1) shown.push_back(run);
      if (run.run_type != Run::RT_Iteration || RunFailed(run, 0)) continue;
      const std::string function = run.run_name.function_name;
      const int64_t size = std::stoll(run.run_name.args);
      double& best = best_ns_[function][size];
      // CPU time: on a shared machine, wall time also counts time spent descheduled.
      const double ns = run.GetAdjustedCPUTime();  // in kNanosecond, set at registration
      if (best == 0 || ns < best) best = ns;
    }
    if (!shown.empty()) ConsoleReporter::ReportRuns(shown);
  }

  // ns for function at size, or 0 when it did not run.
  double Best(const std::string& function, int64_t size) const {
    const auto f = best_ns_.find(function);
    if (f == best_ns_.end()) return 0;
    const auto s = f->second.find(size);
    return s == f->second.end() ? 0 : s->second;
  }

 private:
  std::map<std::string, std::map<int64_t, double>> best_ns_;
};

void PrintRatioTable(const RatioReporter& reporter) {
  std::printf("\nseal+open, fastest of %d repetitions (CPU ns per seal+open)\n", kRepetitions);
  std::printf("%8s %12s %14s %14s %12s %12s\n", "session", "sealer", "floor(sodium)", "floor(fast)",
              "vs sodium", "vs fast");
  for (int64_t size : kSessionSizes) {
    const double sealer = reporter.Best("sealer_seal_open", size);
    const double sodium = reporter.Best("raw_floor_sodium_base64", size);
    const double fast = reporter.Best("raw_floor_fast_base64", size);
    if (sealer == 0 || sodium == 0 || fast == 0) {
      std::printf("%7lldB %12s\n", static_cast<long long>(size), "(not run)");
      continue;
    }
    std::printf("%7lldB %12.0f %14.0f %14.0f %11.2fx %11.2fx%s\n", static_cast<long long>(size),
                sealer, sodium, fast, sealer / sodium, sealer / fast,
                sealer / fast <= 1.25 ? "" : "  (above 1.25x target)");
  }
  std::printf("target: sealer <= 1.25x floor(fast)\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "libsodium failed to initialise\n");
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RegisterAll();
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  PrintRatioTable(reporter);
  benchmark::Shutdown();
  return 0;
}
