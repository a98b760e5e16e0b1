package dev.multilane.exec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The final writes of a block as the workers collected them during the commit: one list of keys
 * and one of values per worker, each key in exactly one place ({@link
 * MultiVersionMemory#finalWritesOf}). A read-only map whose iteration walks the lists as they are,
 * because the usual consumer (turning writes into per-account changes) only iterates; hashing
 * every key into a new table on the caller's thread cost as much as that consumer itself. {@link
 * #get} and {@link #containsKey} build that table on first use.
 *
 * <p>Not thread-safe for the lazy table; like the rest of a {@link BlockResult}, it is read by the
 * caller of {@code execute}.
 */
final class FinalWrites<K, V> extends AbstractMap<K, V> {

  private final List<List<K>> keys;
  private final List<List<V>> values;
  private final int size;
  private Map<K, V> index;

  FinalWrites(List<List<K>> keys, List<List<V>> values) {
    this.keys = keys;
    this.values = values;
    int total = 0;
    for (List<K> part : keys) {
      total += part.size();
    }
    this.size = total;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public V get(Object key) {
    return index().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return index().containsKey(key);
  }

  private Map<K, V> index() {
    if (index == null) {
      Map<K, V> built = HashMap.newHashMap(size);
      for (Map.Entry<K, V> e : entrySet()) {
        built.put(e.getKey(), e.getValue());
      }
      index = built;
    }
    return index;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          private int part;
          private int i;

          @Override
          public boolean hasNext() {
            while (part < keys.size() && i >= keys.get(part).size()) {
              part++;
              i = 0;
            }
            return part < keys.size();
          }

          @Override
          public Map.Entry<K, V> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Map.Entry<K, V> e = Map.entry(keys.get(part).get(i), values.get(part).get(i));
            i++;
            return e;
          }
        };
      }
    };
  }
}
