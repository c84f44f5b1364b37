// AnimeGAN.NET's own ONNX Runtime operator: a whole-tensor normalization with its affine and an
// optional LeakyReLU, fused into one kernel. The AnimeGANv2 generator normalizes 24 times over each
// sample's channels and pixels together (GroupNorm with one group), exported as ReduceMean, Sub, Mul,
// ReduceMean, Add, Sqrt, Reciprocal, Mul, Mul, Mul, Sub, Add and LeakyRelu: eight passes over a full
// tensor and four full temporaries per norm. No ONNX Runtime operator does it in fewer on the CPU
// (InstanceNormalization and LayerNormalization normalize one group on one thread), so this kernel
// reads the tensor twice (the sums, then normalize + affine + LeakyReLU in one write), spread over
// the session's own threads. See docs/ARCHITECTURE.md ("Fused norms") and BENCHMARKS.md.
//
// Operator "NormLeakyRelu", domain "ai.animegan.norm", version 1:
//   inputs  X (float, [N, C, ...]), epsilon (float, one value), scale (float, C values), bias (float, C values)
//   output  Y = LeakyRelu((X - mean) / sqrt(var + epsilon) * scale[c] + bias[c], alpha), mean and var over
//           each sample's C × ... values; alpha = 1 leaves out the LeakyReLU.
#define ORT_API_MANUAL_INIT
#include "onnxruntime_cxx_api.h"
#undef ORT_API_MANUAL_INIT

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace {

constexpr const char* Domain = "ai.animegan.norm";

struct NormKernel {
    float alpha;

    NormKernel(const OrtApi&, const OrtKernelInfo* info) {
        Ort::ConstKernelInfo kernel_info(info);
        alpha = kernel_info.GetAttribute<float>("alpha");
    }

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
        const float* x = job.x + channel * job.plane;
        // Sixteen float lanes the compiler vectorizes (a single float sum would not be: its order is fixed),
        // folded into doubles every 4096 values so the sums stay exact enough.
        constexpr size_t Lanes = 16, Block = 4096;
        double sum = 0, square = 0;
        for (size_t start = 0; start < job.plane; start += Block) {
            const size_t end = std::min(job.plane, start + Block);
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
        job.sums[channel] = sum;
        job.squares[channel] = square;
    }

    static void Normalize(void* data, size_t channel) {
        auto& job = *static_cast<Job*>(data);
        const float* x = job.x + channel * job.plane;
        float* y = job.y + channel * job.plane;
        const float scale = job.scale_shift[2 * channel], shift = job.scale_shift[2 * channel + 1], alpha = job.alpha;
        for (size_t i = 0; i < job.plane; ++i) {
            const float v = x[i] * scale + shift;
            y[i] = v < 0 ? v * alpha : v;
        }
    }

    void Compute(OrtKernelContext* raw) {
        Ort::KernelContext context(raw);
        auto input = context.GetInput(0);
        const auto shape = input.GetTensorTypeAndShapeInfo().GetShape();
        if (shape.size() < 2) ORT_CXX_API_THROW("NormLeakyRelu needs [N, C, ...]", ORT_INVALID_ARGUMENT);
        const size_t samples = static_cast<size_t>(shape[0]), channels = static_cast<size_t>(shape[1]);
        size_t plane = 1;
        for (size_t d = 2; d < shape.size(); ++d) plane *= static_cast<size_t>(shape[d]);
        const float epsilon = *context.GetInput(1).GetTensorData<float>();
        auto scale_input = context.GetInput(2);
        auto bias_input = context.GetInput(3);
        if (scale_input.GetTensorTypeAndShapeInfo().GetElementCount() != channels ||
            bias_input.GetTensorTypeAndShapeInfo().GetElementCount() != channels)
            ORT_CXX_API_THROW("NormLeakyRelu: scale and bias need one value per channel", ORT_INVALID_ARGUMENT);
        const float* scale = scale_input.GetTensorData<float>();
        const float* bias = bias_input.GetTensorData<float>();
        auto output = context.GetOutput(0, shape);

        std::vector<double> sums(channels), squares(channels);
        std::vector<float> scale_shift(2 * channels);
        for (size_t n = 0; n < samples; ++n) {
            Job job{input.GetTensorData<float>() + n * channels * plane, output.GetTensorMutableData<float>() + n * channels * plane,
                    plane, sums.data(), squares.data(), scale_shift.data(), alpha};
            context.ParallelFor(&Sum, channels, 0, &job);
            double sum = 0, square = 0;
            for (size_t c = 0; c < channels; ++c) {
                sum += sums[c];
                square += squares[c];
            }
            const double count = static_cast<double>(channels * plane);
            const double mean = sum / count;
            const double variance = std::max(0.0, square / count - mean * mean);
            // As the exported graph computes it: s = scale / sqrt(var + eps), y = x * s + (bias - mean * s).
            const float inverse = static_cast<float>(1.0 / std::sqrt(static_cast<float>(variance) + epsilon));
            for (size_t c = 0; c < channels; ++c) {
                const float s = inverse * scale[c];
                scale_shift[2 * c] = s;
                scale_shift[2 * c + 1] = bias[c] - static_cast<float>(mean) * s;
            }
            context.ParallelFor(&Normalize, channels, 0, &job);
        }
    }
};

struct NormOp : Ort::CustomOpBase<NormOp, NormKernel> {
    void* CreateKernel(const OrtApi& api, const OrtKernelInfo* info) const { return new NormKernel(api, info); }
    const char* GetName() const { return "NormLeakyRelu"; }
    size_t GetInputTypeCount() const { return 4; }
    ONNXTensorElementDataType GetInputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
    size_t GetOutputTypeCount() const { return 1; }
    ONNXTensorElementDataType GetOutputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
};

NormOp the_op;

}  // namespace

extern "C" __attribute__((visibility("default")))
OrtStatus* RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api_base) {
    Ort::InitApi(api_base->GetApi(ORT_API_VERSION));
    try {
        Ort::CustomOpDomain domain{Domain};
        domain.Add(&the_op);
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
