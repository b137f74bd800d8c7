package ukcf.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ukcf} command line. */
@Command(name = "ukcf",
        mixinStandardHelpOptions = true,
        version = "ukcf 0.1.0",
        description = "Runs foreign i386 Linux drivers, and the i386 applications that use them, on any JVM host.",
        subcommands = {RunCommand.class, BenchCommand.class, TraceCommand.class, DemoCommand.class, CpuDiffCommand.class, DecodeCheckCommand.class, DisassembleCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: user-facing errors are one line, never a Java stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            commandLine.getErr().println("ukcf: " + describe(exception));
            if (System.getenv("UKCF_DEBUG") != null) exception.printStackTrace(commandLine.getErr());
            return 70; // EX_SOFTWARE
        });
        return cli;
    }

    private static String describe(Throwable exception) {
        String message = exception.getMessage();
        return message != null ? message : exception.getClass().getSimpleName();
    }
}
