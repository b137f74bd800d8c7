package ukcf.cpu.interp;

import java.util.HashMap;
import java.util.Map;

/** Handlers by semantic operation key ({@link ukcf.cpu.decode.OpcodeForm#operation()}). */
public final class HandlerTable {
    private final Map<String, InstructionHandler> byOperation = new HashMap<>();

    public void register(String operation, InstructionHandler handler) {
        if (byOperation.putIfAbsent(operation, handler) != null) {
            throw new IllegalStateException("two handlers for operation " + operation);
        }
    }

    public InstructionHandler lookup(String operation) { return byOperation.get(operation); }

    public boolean contains(String operation) { return byOperation.containsKey(operation); }
}
