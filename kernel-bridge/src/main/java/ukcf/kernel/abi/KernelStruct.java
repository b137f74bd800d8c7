package ukcf.kernel.abi;

import java.util.Map;

/** One kernel struct of the {@link KernelAbi}: its size and named fields ({@code cra_u.cipher.cia_setkey} for nested ones). */
public final class KernelStruct {
    /** One field: where it starts and how many bytes it has (0 for a flexible array member). */
    public record Field(String name, int offset, int size) { }

    private final String name;
    private final int size;
    private final Map<String, Field> fields;

    KernelStruct(String name, int size, Map<String, Field> fields) {
        this.name = name;
        this.size = size;
        this.fields = Map.copyOf(fields);
    }

    public String name() { return name; }

    public int size() { return size; }

    public Field field(String fieldName) {
        Field field = fields.get(fieldName);
        if (field == null) throw new IllegalArgumentException("struct " + name + " has no field " + fieldName + " in the ABI profile");
        return field;
    }

    public int offset(String fieldName) { return field(fieldName).offset(); }

    @Override
    public String toString() { return "struct " + name + " (" + size + " bytes)"; }
}
