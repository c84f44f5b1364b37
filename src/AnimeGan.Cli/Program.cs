using AnimeGan.Cli;

using var signals = new TerminationSignals();
return new CliApp(CliConsole.System()).Run(args, signals);
