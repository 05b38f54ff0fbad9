#include "payload/jpeg_synth.hpp"

#include <fmt/format.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace latbench::payload {
namespace {

// splitmix64: a tiny seeded generator whose output is the same on every platform (the standard
// distributions are not), so a seed names the same picture everywhere.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  int range(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }
};

struct Rgb {
  double r, g, b;
};

std::uint8_t clamp8(double v) { return static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0)); }

struct Building {
  int x0, x1, top;
  Rgb colour;
};

// Ground texture: a few octaves of hashed value noise, cheap and smooth enough to look like grass
// or gravel under JPEG's DCT (pure white noise would compress unlike any photo).
double hash_noise(int x, int y, std::uint64_t seed) {
  std::uint64_t h = static_cast<std::uint64_t>(x) * 0x9E3779B185EBCA87ULL ^
                    static_cast<std::uint64_t>(y) * 0xC2B2AE3D27D4EB4FULL ^ seed;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  return static_cast<double>(h & 0xFFFF) / 65535.0;
}

double value_noise(double x, double y, std::uint64_t seed) {
  int xi = static_cast<int>(std::floor(x)), yi = static_cast<int>(std::floor(y));
  double fx = x - xi, fy = y - yi;
  double a = hash_noise(xi, yi, seed), b = hash_noise(xi + 1, yi, seed);
  double c = hash_noise(xi, yi + 1, seed), d = hash_noise(xi + 1, yi + 1, seed);
  double top = a + (b - a) * fx, bottom = c + (d - c) * fx;
  return top + (bottom - top) * fy;
}

}  // namespace

std::vector<unsigned char> render_scene(const ImageSize& size, std::uint64_t seed) {
  const int w = size.width, h = size.height;
  Rng rng{seed};
  const int horizon = h * 55 / 100;
  std::vector<Building> buildings;
  for (int x = rng.range(0, w / 20); x < w;) {
    int bw = std::max(4, rng.range(w / 16, w / 6));
    int top = horizon - rng.range(h / 12, h * 2 / 5);
    buildings.push_back({x, std::min(w, x + bw), std::max(0, top),
                         {90.0 + rng.range(0, 90), 80.0 + rng.range(0, 80), 70.0 + rng.range(0, 70)}});
    x += bw + rng.range(0, w / 12);
  }
  const double sun_x = w * (0.6 + 0.3 * rng.uniform()), sun_y = h * 0.15;
  const double sun_r = std::max(2.0, h * 0.06);
  const double scale = 640.0 / w;  // texture features keep their physical size across resolutions
  std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      Rgb p;
      if (y < horizon) {  // sky: blue at the top fading to haze at the horizon
        double t = static_cast<double>(y) / horizon;
        p = {70 + 120 * t, 120 + 90 * t, 200 + 40 * t};
        double dx = x - sun_x, dy = y - sun_y;
        if (dx * dx + dy * dy < sun_r * sun_r) p = {255, 240, 190};
      } else {            // ground: textured grass/gravel, darker towards the camera
        double t = static_cast<double>(y - horizon) / (h - horizon);
        double n = 0.6 * value_noise(x * scale / 6.0, y * scale / 3.0, seed) +
                   0.4 * value_noise(x * scale / 1.5, y * scale / 1.5, seed + 1);
        p = {60 + 50 * n - 20 * t, 90 + 70 * n - 30 * t, 40 + 30 * n - 10 * t};
      }
      for (const auto& b : buildings) {
        if (x >= b.x0 && x < b.x1 && y >= b.top && y < horizon) {
          p = b.colour;
          // Windows: a regular grid with lit and dark panes, the edges JPEG has to spend bits on.
          int wx = static_cast<int>((x - b.x0) * scale) % 14, wy = static_cast<int>((y - b.top) * scale) % 18;
          if (wx > 3 && wx < 11 && wy > 4 && wy < 14) {
            bool lit = hash_noise(static_cast<int>((x - b.x0) * scale) / 14,
                                  static_cast<int>((y - b.top) * scale) / 18, seed + 7) > 0.6;
            p = lit ? Rgb{230, 210, 140} : Rgb{40, 50, 60};
          }
        }
      }
      // Sensor noise: roughly Gaussian (sum of three uniforms), sigma ~3 levels, per channel.
      auto noise = [&rng] { return (rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * 6.0; };
      auto* out = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
      out[0] = clamp8(p.r + noise());
      out[1] = clamp8(p.g + noise());
      out[2] = clamp8(p.b + noise());
    }
  }
  return rgb;
}

std::vector<unsigned char> synthesize_jpeg(const JpegSpec& spec) {
  if (spec.quality < 1 || spec.quality > 100) {
    throw usage_error(fmt::format("quality: {} is out of range (expected 1..100)", spec.quality));
  }
  auto rgb = render_scene(spec.size, spec.seed);
  std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitCompress(), tjDestroy);
  if (!tj) throw Error(ErrorKind::internal, "libjpeg-turbo: cannot initialise the compressor");
  unsigned char* jpeg = nullptr;
  unsigned long jpeg_size = 0;
  // 4:2:0 like every camera; the accurate DCT so quality maps to size as in libjpeg's tables.
  int rc = tjCompress2(tj.get(), rgb.data(), spec.size.width, 0, spec.size.height, TJPF_RGB, &jpeg,
                       &jpeg_size, TJSAMP_420, spec.quality, TJFLAG_ACCURATEDCT);
  if (rc != 0) {
    std::string why = tjGetErrorStr2(tj.get());
    tjFree(jpeg);
    throw Error(ErrorKind::internal, "libjpeg-turbo: " + why);
  }
  std::vector<unsigned char> out(jpeg, jpeg + jpeg_size);
  tjFree(jpeg);
  return out;
}

}  // namespace latbench::payload
