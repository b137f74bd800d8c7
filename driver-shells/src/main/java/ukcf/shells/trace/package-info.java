/** Driver call tracing: the events, the text and JSON-lines trace file, and the summary {@code ukcf trace} prints. */
package ukcf.shells.trace;
