package ukcf.cpu.verify.nativeharness;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The native oracle for tests that run cases on the host CPU: {@code @ExtendWith(NativeOracleExtension.class)},
 * then take a {@link NativeOracle} parameter (typically in a {@code @BeforeAll} method). One harness process
 * serves the whole test run and is closed when it ends. On a host that cannot run i386 code the tests that need
 * it are skipped, with the reason.
 */
public final class NativeOracleExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NativeOracleExtension.class);

    /** Stored in the root context, whose store closes it at the end of the run. */
    private record Shared(NativeOracle oracle, String cannotRun) implements ExtensionContext.Store.CloseableResource {
        static Shared start() {
            try {
                return new Shared(NativeOracle.start(), null);
            } catch (NativeOracle.HostCannotRunI386 e) {
                System.out.println("skipping native tests: this host cannot run i386 code natively: " + e.getMessage());
                return new Shared(null, e.getMessage());
            }
        }

        @Override
        public void close() {
            if (oracle != null) oracle.close();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Shared shared = shared(context);
        if (shared.oracle() != null) return ConditionEvaluationResult.enabled("the host runs i386 code");
        return ConditionEvaluationResult.disabled("this host cannot run i386 code natively: " + shared.cannotRun());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NativeOracle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context).oracle();
    }

    private static Shared shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, key -> Shared.start(), Shared.class);
    }
}
