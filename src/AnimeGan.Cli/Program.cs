using AnimeGan.Cli;

return new CliApp(CliConsole.System()).Run(args);
