using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/AnimeGan.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
