namespace AnimeGan.Models;

/// <summary>A style or model name nobody registered.</summary>
public sealed class UnknownModelException(string message) : Exception(message);

/// <summary>A registered model whose file is in none of the model directories, or fails its checksum.</summary>
public sealed class ModelNotFoundException(string message) : Exception(message);
