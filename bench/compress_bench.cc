// Compares zlib (raw deflate) and zstd on real session files: compressed size
// and microseconds to compress and to decompress. Usage: compress_bench FILE...
// This is the measurement behind the choice of codec for sealedcookie.compress.
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kRepetitions = 2000;

// One stream per level, reset between calls, as a long-lived worker would keep it.
size_t Deflate(const std::string& in, int level, std::vector<unsigned char>* out) {
  static z_stream streams[10];
  static bool ready[10];
  z_stream& s = streams[level];
  if (!ready[level]) {
    deflateInit2(&s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    ready[level] = true;
  }
  deflateReset(&s);
  out->resize(deflateBound(&s, in.size()));
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = out->data();
  s.avail_out = static_cast<uInt>(out->size());
  deflate(&s, Z_FINISH);
  return s.total_out;
}

void Inflate(const unsigned char* in, size_t n, std::string* out) {
  z_stream s{};
  inflateInit2(&s, -15);
  s.next_in = const_cast<unsigned char*>(in);
  s.avail_in = static_cast<uInt>(n);
  s.next_out = reinterpret_cast<Bytef*>(out->data());
  s.avail_out = static_cast<uInt>(out->size());
  inflate(&s, Z_FINISH);
  inflateEnd(&s);
}

template <typename F>
double MicrosPerCall(F&& f) {
  const auto start = Clock::now();
  for (int i = 0; i < kRepetitions; ++i) f();
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kRepetitions;
}

}  // namespace

int main(int argc, char** argv) {
  std::printf(
      "| file | raw B | codec | level | compressed B | ratio | compress us | decompress us |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (int f = 1; f < argc; ++f) {
    std::ifstream file(argv[f], std::ios::binary);
    const std::string in((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::string back(in.size(), '\0');
    std::vector<unsigned char> out;
    for (int level : {1, 6, 9}) {
      const size_t n = Deflate(in, level, &out);
      const double c = MicrosPerCall([&] { Deflate(in, level, &out); });
      const double d = MicrosPerCall([&] { Inflate(out.data(), n, &back); });
      std::printf("| %s | %zu | zlib | %d | %zu | %.2f | %.1f | %.1f |\n", argv[f], in.size(),
                  level, n, double(n) / in.size(), c, d);
    }
    for (int level : {1, 3, 19}) {
      out.resize(ZSTD_compressBound(in.size()));
      ZSTD_CCtx* cctx = ZSTD_createCCtx();
      ZSTD_DCtx* dctx = ZSTD_createDCtx();
      size_t n = ZSTD_compressCCtx(cctx, out.data(), out.size(), in.data(), in.size(), level);
      const double c = MicrosPerCall([&] {
        n = ZSTD_compressCCtx(cctx, out.data(), out.size(), in.data(), in.size(), level);
      });
      const double d = MicrosPerCall(
          [&] { ZSTD_decompressDCtx(dctx, back.data(), back.size(), out.data(), n); });
      ZSTD_freeCCtx(cctx);
      ZSTD_freeDCtx(dctx);
      std::printf("| %s | %zu | zstd | %d | %zu | %.2f | %.1f | %.1f |\n", argv[f], in.size(),
                  level, n, double(n) / in.size(), c, d);
    }
  }
}
