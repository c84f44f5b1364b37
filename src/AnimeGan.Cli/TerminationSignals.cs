using System.Runtime.InteropServices;

namespace AnimeGan.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM turned into a cancellation the running command can honour: the photo
/// in flight is abandoned between two model operators, nothing partial is written, and the process
/// exits by itself with 128 + the signal's number (130, 143), as shells expect.
/// </summary>
public sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignals()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>The exit code for the signal that stopped the command: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode { get; private set; } = ExitCodes.Interrupted;

    private void Handle(PosixSignalContext context)
    {
        // The process stays up: the command ends itself once it has cleaned up.
        context.Cancel = true;
        ExitCode = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
    }
}
