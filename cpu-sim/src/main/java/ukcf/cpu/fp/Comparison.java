package ukcf.cpu.fp;

/** Outcome of a floating-point comparison. */
public enum Comparison { LESS, EQUAL, GREATER, UNORDERED }
