// AnimeGAN.NET's own ONNX Runtime operators: the generators' normalizations with their affine and the
// LeakyReLU after them, each fused into one kernel. As exported, every norm is a chain of elementwise
// nodes (ReduceMean, Sub, Mul, ReduceMean, Add, Sqrt, …): several passes over a full tensor and as many
// full temporaries. No ONNX Runtime operator does them in fewer on the CPU (InstanceNormalization and
// LayerNormalization cover only part of each, and normalize one group on one thread), so these kernels
// read each tensor once for its sums and once more to write the result, spread over the session's own
// threads. Inference/NormFusion.cs puts them in the graphs; BENCHMARKS.md ("Performance round 2") has
// what they gain.
//
// Operator "NormLeakyRelu", domain "ai.animegan.norm", version 1: AnimeGANv2's norm (GroupNorm, one group).
//   inputs  X (float, [N, C, ...]), epsilon (float, one value), scale (float, C values), bias (float, C values)
//   output  Y = LeakyRelu((X - mean) / sqrt(var + epsilon) * scale[c] + bias[c], alpha), mean and var over
//           each sample's C × ... values; alpha = 1 leaves out the LeakyReLU.
#define ORT_API_MANUAL_INIT
#include "onnxruntime_cxx_api.h"
#undef ORT_API_MANUAL_INIT

#include <algorithm>
#if defined(__AVX512VBMI__)
#include <immintrin.h>
#endif
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

namespace {

constexpr const char* Domain = "ai.animegan.norm";

// The sum and the sum of squares of n floats: sixteen float lanes the compiler vectorizes (one float sum
// would not be: its order is fixed), folded into doubles every 4096 values so the sums stay exact enough.
void SumAndSquares(const float* x, size_t n, double& sum, double& square) {
    constexpr size_t Lanes = 16, Block = 4096;
    sum = 0;
    square = 0;
    for (size_t start = 0; start < n; start += Block) {
        const size_t end = std::min(n, start + Block);
        float s[Lanes] = {}, q[Lanes] = {};
        size_t i = start;
        for (; i + Lanes <= end; i += Lanes)
            for (size_t lane = 0; lane < Lanes; ++lane) {
                s[lane] += x[i + lane];
                q[lane] += x[i + lane] * x[i + lane];
            }
        for (; i < end; ++i) {
            s[0] += x[i];
            q[0] += x[i] * x[i];
        }
        for (size_t lane = 0; lane < Lanes; ++lane) {
            sum += s[lane];
            square += q[lane];
        }
    }
}

// y = LeakyRelu(x * scale + shift, alpha) over n floats.
void Affine(const float* x, float* y, size_t n, float scale, float shift, float alpha) {
    for (size_t i = 0; i < n; ++i) {
        const float v = x[i] * scale + shift;
        y[i] = v < 0 ? v * alpha : v;
    }
}

// A [N, C, ...] tensor as the kernels walk it: samples, channels, and the values of one channel.
struct Layout {
    size_t samples, channels, plane;
};

Layout LayoutOf(const std::vector<int64_t>& shape, const char* op) {
    if (shape.size() < 2) ORT_CXX_API_THROW(std::string(op) + " needs a tensor [N, C, ...]", ORT_INVALID_ARGUMENT);
    size_t plane = 1;
    for (size_t d = 2; d < shape.size(); ++d) plane *= static_cast<size_t>(shape[d]);
    return {static_cast<size_t>(shape[0]), static_cast<size_t>(shape[1]), plane};
}

// A per-channel input (scale, bias): its values, refused unless there is one per channel.
const float* PerChannel(const Ort::ConstValue& value, size_t channels, const char* op) {
    if (value.GetTensorTypeAndShapeInfo().GetElementCount() != channels)
        ORT_CXX_API_THROW(std::string(op) + ": scale and bias need one value per channel", ORT_INVALID_ARGUMENT);
    return value.GetTensorData<float>();
}

// A one-group norm's constants, three consecutive inputs of its node from `first`: epsilon (one value),
// scale and bias (one per channel).
struct NormConstants {
    float epsilon;
    const float* scale;
    const float* bias;

    NormConstants(Ort::KernelContext& context, size_t first, size_t channels, const char* op)
        : epsilon(*context.GetInput(first).GetTensorData<float>()),
          scale(PerChannel(context.GetInput(first + 1), channels, op)),
          bias(PerChannel(context.GetInput(first + 2), channels, op)) {}

    // The per-channel affine from the tensor's sums, as the exported graph computes it:
    // s = scale / sqrt(var + eps), y = x * s + (bias - mean * s); scale_shift holds s and the shift per channel.
    void ScaleAndShift(double sum, double square, double count, size_t channels, float* scale_shift) const {
        const double mean = sum / count;
        const double variance = std::max(0.0, square / count - mean * mean);
        const float inverse = static_cast<float>(1.0 / std::sqrt(static_cast<float>(variance) + epsilon));
        for (size_t c = 0; c < channels; ++c) {
            const float s = inverse * scale[c];
            scale_shift[2 * c] = s;
            scale_shift[2 * c + 1] = bias[c] - static_cast<float>(mean) * s;
        }
    }
};

// The operator's declaration ONNX Runtime reads, from its kernel: the name (Kernel::Name), the inputs
// (Kernel::Inputs, Kernel::InputType) and the one output's type (Kernel::Output).
template <typename Kernel>
struct Op : Ort::CustomOpBase<Op<Kernel>, Kernel> {
    void* CreateKernel(const OrtApi& api, const OrtKernelInfo* info) const { return new Kernel(api, info); }
    const char* GetName() const { return Kernel::Name; }
    size_t GetInputTypeCount() const { return Kernel::Inputs; }
    ONNXTensorElementDataType GetInputType(size_t index) const { return Kernel::InputType(index); }
    size_t GetOutputTypeCount() const { return 1; }
    ONNXTensorElementDataType GetOutputType(size_t) const { return Kernel::Output; }
};

// A kernel of Count float inputs and a float output.
template <size_t Count>
struct FloatInputs {
    static constexpr size_t Inputs = Count;
    static ONNXTensorElementDataType InputType(size_t) { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
    static constexpr ONNXTensorElementDataType Output = ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
};

// A norm kernel's one attribute: the LeakyReLU's slope (1 leaves it out).
struct Slope {
    float alpha;
    explicit Slope(const OrtKernelInfo* info) : alpha(Ort::ConstKernelInfo(info).GetAttribute<float>("alpha")) {}
};

struct NormKernel : FloatInputs<4>, Slope {
    static constexpr const char* Name = "NormLeakyRelu";

    NormKernel(const OrtApi&, const OrtKernelInfo* info) : Slope(info) {}

    // One ParallelFor job: a channel of one sample.
    struct Job {
        const float* x;
        float* y;
        size_t plane;
        double* sums;
        double* squares;
        const float* scale_shift; // per channel: scale, shift
        float alpha;
    };

    static void Sum(void* data, size_t channel) {
        auto& job = *static_cast<Job*>(data);
        SumAndSquares(job.x + channel * job.plane, job.plane, job.sums[channel], job.squares[channel]);
    }

    static void Normalize(void* data, size_t channel) {
        auto& job = *static_cast<Job*>(data);
        Affine(job.x + channel * job.plane, job.y + channel * job.plane, job.plane, job.scale_shift[2 * channel],
               job.scale_shift[2 * channel + 1], job.alpha);
    }

    void Compute(OrtKernelContext* raw) {
        Ort::KernelContext context(raw);
        auto input = context.GetInput(0);
        const auto shape = input.GetTensorTypeAndShapeInfo().GetShape();
        const auto [samples, channels, plane] = LayoutOf(shape, Name);
        const NormConstants norm(context, 1, channels, Name);
        auto output = context.GetOutput(0, shape);

        std::vector<double> sums(channels), squares(channels);
        std::vector<float> scale_shift(2 * channels);
        for (size_t n = 0; n < samples; ++n) {
            Job job{input.GetTensorData<float>() + n * channels * plane, output.GetTensorMutableData<float>() + n * channels * plane,
                    plane, sums.data(), squares.data(), scale_shift.data(), alpha};
            context.ParallelFor(&Sum, channels, 0, &job);
            norm.ScaleAndShift(std::accumulate(sums.begin(), sums.end(), 0.0), std::accumulate(squares.begin(), squares.end(), 0.0),
                               static_cast<double>(channels * plane), channels, scale_shift.data());
            context.ParallelFor(&Normalize, channels, 0, &job);
        }
    }
};

// Operator "AdaptiveNormLeakyRelu", version 1: AnimeGANv3's adaptive instance norm. X is normalized per
// channel (InstanceNormalization with its scale and bias), then takes on the per-channel mean and
// standard deviation of Y (a 1×1 convolution of X), and the LeakyReLU after it:
//   inputs  X, Y (float, [N, C, ...]), epsilon (float, one value: Y's), scale, bias (float, C values: X's norm)
//   attributes  x_epsilon (X's norm), alpha (1 leaves out the LeakyReLU)
//   output  LeakyRelu(((X - mean X) / sqrt(var X + x_epsilon) * scale + bias) * sqrt(var Y + epsilon) + mean Y)
// Exported, it is ReduceMean, Sub, Mul, ReduceMean, Add, Sqrt on Y, InstanceNormalization on X, Mul, Add
// and LeakyRelu; here each channel is one job: X's and Y's sums, then one write.
struct AdaptiveNormKernel : FloatInputs<5> {
    static constexpr const char* Name = "AdaptiveNormLeakyRelu";
    float alpha, x_epsilon;

    AdaptiveNormKernel(const OrtApi&, const OrtKernelInfo* info) {
        Ort::ConstKernelInfo kernel_info(info);
        alpha = kernel_info.GetAttribute<float>("alpha");
        x_epsilon = kernel_info.GetAttribute<float>("x_epsilon");
    }

    struct Job {
        const float* x;
        const float* y;
        float* out;
        size_t plane;
        const float* scale;
        const float* bias;
        float epsilon, x_epsilon, alpha;
        size_t channels;
    };

    static void Channel(void* data, size_t index) {
        auto& job = *static_cast<Job*>(data);
        const size_t c = index % job.channels;
        const size_t offset = index * job.plane;
        const double count = static_cast<double>(job.plane);
        double sum, square;
        SumAndSquares(job.x + offset, job.plane, sum, square);
        const double mean_x = sum / count, var_x = std::max(0.0, square / count - mean_x * mean_x);
        SumAndSquares(job.y + offset, job.plane, sum, square);
        const double mean_y = sum / count, var_y = std::max(0.0, square / count - mean_y * mean_y);
        const float std_y = std::sqrt(static_cast<float>(var_y) + job.epsilon);
        const float inverse_x = 1.0f / std::sqrt(static_cast<float>(var_x) + job.x_epsilon);
        const float scale = inverse_x * job.scale[c] * std_y;
        const float shift = (job.bias[c] - static_cast<float>(mean_x) * inverse_x * job.scale[c]) * std_y + static_cast<float>(mean_y);
        Affine(job.x + offset, job.out + offset, job.plane, scale, shift, job.alpha);
    }

    void Compute(OrtKernelContext* raw) {
        Ort::KernelContext context(raw);
        auto x = context.GetInput(0);
        auto y = context.GetInput(1);
        const auto shape = x.GetTensorTypeAndShapeInfo().GetShape();
        if (y.GetTensorTypeAndShapeInfo().GetShape() != shape)
            ORT_CXX_API_THROW(std::string(Name) + " needs X and Y of one shape", ORT_INVALID_ARGUMENT);
        const auto [samples, channels, plane] = LayoutOf(shape, Name);
        auto output = context.GetOutput(0, shape);
        Job job{x.GetTensorData<float>(), y.GetTensorData<float>(), output.GetTensorMutableData<float>(), plane,
                PerChannel(context.GetInput(3), channels, Name), PerChannel(context.GetInput(4), channels, Name),
                *context.GetInput(2).GetTensorData<float>(), x_epsilon, alpha, channels};
        context.ParallelFor(&Channel, samples * channels, 0, &job);
    }
};

// Operator "UpsampleLinear2x", version 1: the generators' decoder upsampling, as they export it: ONNX Resize
// with mode "linear", coordinate_transformation_mode "asymmetric" and scales [1, 1, 2, 2].
//   input   X (float, [N, C, H, W])
//   output  Y (float, [N, C, 2H, 2W]): Y[2i + a][2j + b] = X at (i + a/2, j + b/2), interpolated, the last row
//           and column repeated past the edge.
// ONNX Runtime's Resize walks each output value's four neighbours and weights on one thread, a fifth of
// AnimeGANv2's INT8 time at 512²; here each plane is one job and every value is a copy or a mean of two.
struct UpsampleKernel : FloatInputs<1> {
    static constexpr const char* Name = "UpsampleLinear2x";

    UpsampleKernel(const OrtApi&, const OrtKernelInfo*) {}

    struct Job {
        const float* x;
        float* y;
        size_t height, width;
    };

    // Sixteen floats, as GCC's vector extensions spell them (AVX-512 here; two halves on narrower machines).
    typedef float Floats __attribute__((vector_size(64)));
    static constexpr size_t Lanes = 16;

    // A row twice as wide: each value, then the mean of it and the next. The compiler does not vectorize the
    // interleaving written as a plain loop, so it is spelled as two shuffles of the values and the means.
    static void Widen(const float* row, float* out, size_t width) {
        size_t j = 0;
        for (; j + Lanes + 1 <= width; j += Lanes) {
            Floats values, next;
            std::memcpy(&values, row + j, sizeof values);
            std::memcpy(&next, row + j + 1, sizeof next);
            const Floats means = 0.5f * (values + next);
            const Floats low = __builtin_shufflevector(values, means, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            const Floats high = __builtin_shufflevector(values, means, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            std::memcpy(out + 2 * j, &low, sizeof low);
            std::memcpy(out + 2 * j + Lanes, &high, sizeof high);
        }
        for (; j + 1 < width; ++j) {
            out[2 * j] = row[j];
            out[2 * j + 1] = 0.5f * (row[j] + row[j + 1]);
        }
        out[2 * width - 2] = out[2 * width - 1] = row[width - 1];
    }

    static void Plane(void* data, size_t index) {
        auto& job = *static_cast<Job*>(data);
        const size_t wide = 2 * job.width;
        const float* x = job.x + index * job.height * job.width;
        float* y = job.y + index * 4 * job.height * job.width;
        for (size_t i = 0; i < job.height; ++i) {
            float* even = y + 2 * i * wide;
            float* odd = even + wide;
            Widen(x + i * job.width, even, job.width);
            if (i + 1 == job.height) {
                std::copy(even, even + wide, odd);
                continue;
            }
            Widen(x + (i + 1) * job.width, odd, job.width);
            for (size_t k = 0; k < wide; ++k) odd[k] = 0.5f * (even[k] + odd[k]);
        }
    }

    void Compute(OrtKernelContext* raw) {
        Ort::KernelContext context(raw);
        auto input = context.GetInput(0);
        auto shape = input.GetTensorTypeAndShapeInfo().GetShape();
        if (shape.size() != 4 || shape[2] < 1 || shape[3] < 1) ORT_CXX_API_THROW(std::string(Name) + " needs a tensor [N, C, H, W]", ORT_INVALID_ARGUMENT);
        const size_t planes = static_cast<size_t>(shape[0] * shape[1]);
        Job job{input.GetTensorData<float>(), nullptr, static_cast<size_t>(shape[2]), static_cast<size_t>(shape[3])};
        shape[2] *= 2;
        shape[3] *= 2;
        job.y = context.GetOutput(0, shape).GetTensorMutableData<float>();
        context.ParallelFor(&Plane, planes, 0, &job);
    }
};

// Operator "QNormLeakyRelu", version 1: NormLeakyRelu between a quantized graph's 8-bit tensors, with the
// DequantizeLinear before it and the QuantizeLinear after it taken in:
//   inputs  X (uint8, [N, C, ...]), x_scale (float), x_zero_point (uint8), epsilon, scale, bias (as NormLeakyRelu),
//           y_scale (float), y_zero_point (uint8)
//   attributes  alpha
//   output  Y (uint8) = QuantizeLinear(NormLeakyRelu(DequantizeLinear(X)), y_scale, y_zero_point)
// The sums are the bytes' own, in integers, and the result a table of what each of the 256 bytes becomes per
// channel, so the tensor is read twice as bytes and written once, where the three nodes read and wrote it
// as floats five times.
struct QNormKernel : Slope {
    static constexpr const char* Name = "QNormLeakyRelu";
    static constexpr size_t Inputs = 8;
    static ONNXTensorElementDataType InputType(size_t index) {
        return index == 0 || index == 2 || index == 7 ? ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 : ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
    }
    static constexpr ONNXTensorElementDataType Output = ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8;
    static constexpr size_t Values = 256;

    QNormKernel(const OrtApi&, const OrtKernelInfo* info) : Slope(info) {}

    struct Job {
        const uint8_t* x;
        uint8_t* y;
        size_t plane;
        uint64_t* sums;         // per channel: the bytes' sum and sum of squares
        uint64_t* squares;
        const uint8_t* tables;  // per channel: what each of the 256 bytes becomes
    };

    // The bytes' sums in integers, exact: 32-bit lanes the compiler vectorizes, emptied every 65536 values
    // (65536 · 255² still fits in 32 bits).
    static void Sum(void* data, size_t channel) {
        auto& job = *static_cast<Job*>(data);
        const uint8_t* x = job.x + channel * job.plane;
        uint64_t sum = 0, square = 0;
        for (size_t start = 0; start < job.plane; start += 65536) {
            const size_t end = std::min(job.plane, start + 65536);
            uint32_t s = 0, q = 0;
            for (size_t i = start; i < end; ++i) {
                s += x[i];
                q += uint32_t{x[i]} * x[i];
            }
            sum += s;
            square += q;
        }
        job.sums[channel] = sum;
        job.squares[channel] = square;
    }

    // y = table[x]: with AVX-512 VBMI sixty-four bytes at a time (two 128-entry lookups, chosen by each byte's top bit).
    static void Apply(void* data, size_t channel) {
        auto& job = *static_cast<Job*>(data);
        const uint8_t* table = job.tables + channel * Values;
        const uint8_t* x = job.x + channel * job.plane;
        uint8_t* y = job.y + channel * job.plane;
        size_t i = 0;
#if defined(__AVX512VBMI__) && defined(__AVX512BW__)
        const __m512i t0 = _mm512_loadu_si512(table), t1 = _mm512_loadu_si512(table + 64);
        const __m512i t2 = _mm512_loadu_si512(table + 128), t3 = _mm512_loadu_si512(table + 192);
        for (; i + 64 <= job.plane; i += 64) {
            const __m512i bytes = _mm512_loadu_si512(x + i);
            const __m512i low = _mm512_permutex2var_epi8(t0, bytes, t1);
            const __m512i high = _mm512_permutex2var_epi8(t2, bytes, t3);
            _mm512_storeu_si512(y + i, _mm512_mask_blend_epi8(_mm512_movepi8_mask(bytes), low, high));
        }
#endif
        for (; i < job.plane; ++i) y[i] = table[x[i]];
    }

    void Compute(OrtKernelContext* raw) {
        Ort::KernelContext context(raw);
        auto input = context.GetInput(0);
        const auto shape = input.GetTensorTypeAndShapeInfo().GetShape();
        const auto [samples, channels, plane] = LayoutOf(shape, Name);
        const float x_scale = *context.GetInput(1).GetTensorData<float>();
        const int x_zero = *context.GetInput(2).GetTensorData<uint8_t>();
        const NormConstants norm(context, 3, channels, Name);
        const float y_scale = *context.GetInput(6).GetTensorData<float>();
        const float y_zero = *context.GetInput(7).GetTensorData<uint8_t>();
        auto output = context.GetOutput(0, shape);

        // What each byte stands for, as DequantizeLinear computes it.
        float values[Values];
        for (size_t v = 0; v < Values; ++v) values[v] = static_cast<float>(static_cast<int>(v) - x_zero) * x_scale;
        std::vector<uint64_t> sums(channels), squares(channels);
        std::vector<uint8_t> tables(channels * Values);
        std::vector<float> scale_shift(2 * channels);
        for (size_t n = 0; n < samples; ++n) {
            Job job{input.GetTensorData<uint8_t>() + n * channels * plane, output.GetTensorMutableData<uint8_t>() + n * channels * plane,
                    plane, sums.data(), squares.data(), tables.data()};
            context.ParallelFor(&Sum, channels, 0, &job);
            // From the bytes' sums to the values': x = (v - zero) * scale.
            const double byte_sum = std::accumulate(sums.begin(), sums.end(), 0.0);
            const double byte_square = std::accumulate(squares.begin(), squares.end(), 0.0);
            const double count = static_cast<double>(channels * plane), zero = x_zero, step = x_scale;
            const double sum = step * (byte_sum - count * zero);
            const double square = step * step * (byte_square - 2 * zero * byte_sum + count * zero * zero);
            norm.ScaleAndShift(sum, square, count, channels, scale_shift.data());
            for (size_t c = 0; c < channels; ++c)
                for (size_t v = 0; v < Values; ++v) {
                    float y = values[v] * scale_shift[2 * c] + scale_shift[2 * c + 1];
                    y = y < 0 ? y * alpha : y;
                    // As QuantizeLinear: divided by the scale, rounded half to even, moved by the zero point, saturated.
                    tables[c * Values + v] = static_cast<uint8_t>(std::clamp(std::nearbyint(y / y_scale) + y_zero, 0.0f, 255.0f));
                }
            context.ParallelFor(&Apply, channels, 0, &job);
        }
    }
};

Op<NormKernel> the_op;
Op<QNormKernel> the_quantized_op;
Op<AdaptiveNormKernel> the_adaptive_op;
Op<UpsampleKernel> the_upsample_op;

}  // namespace

extern "C" __attribute__((visibility("default")))
OrtStatus* RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api_base) {
    Ort::InitApi(api_base->GetApi(ORT_API_VERSION));
    try {
        Ort::CustomOpDomain domain{Domain};
        domain.Add(&the_op);
        domain.Add(&the_quantized_op);
        domain.Add(&the_adaptive_op);
        domain.Add(&the_upsample_op);
        Ort::UnownedSessionOptions session_options(options);
        session_options.Add(domain);
        // The domain must outlive the sessions: kept for the life of the process.
        static std::vector<Ort::CustomOpDomain> domains;
        domains.push_back(std::move(domain));
        return nullptr;
    } catch (const Ort::Exception& e) {
        return Ort::GetApi().CreateStatus(e.GetOrtErrorCode(), e.what());
    }
}
