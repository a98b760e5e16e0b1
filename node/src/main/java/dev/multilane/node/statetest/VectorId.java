package dev.multilane.node.statetest;

import dev.multilane.evm.Fork;

/**
 * Names one vector: {@code file::test Fork d=i g=j v=k}. For a file that could not be read at all,
 * {@code test} and {@code fork} are null and the id is just the file.
 *
 * @param file the path relative to the folder given on the command line (or the file as given)
 */
public record VectorId(String file, String test, Fork fork, int data, int gas, int value) {

    static VectorId ofFile(String file) {
        return new VectorId(file, null, null, -1, -1, -1);
    }

    @Override
    public String toString() {
        if (test == null) {
            return file;
        }
        return file + "::" + test + " " + fork.displayName() + " d=" + data + " g=" + gas + " v=" + value;
    }
}
