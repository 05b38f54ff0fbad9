#pragma once
// Growing the columns of a record table (log_data.hpp) on multi-GB logs. A plain vector doubling
// touched every new page in 4 KiB faults, which on this project's VMs cost more than parsing the
// log; here a column's storage is advised for transparent huge pages (2 MiB faults) before the
// old values are copied in. Untouched capacity costs no resident memory.
#include <vector>

namespace latbench::logs {

// Makes room for at least `min_capacity` values (at least double the old capacity), keeping them.
void grow_column(std::vector<double>& values, std::size_t min_capacity = 0);

// Appends `later` (which is left empty) to `values` (which must have the room), handing `later`'s
// pages back to the kernel as soon as they are copied: joining a log's parts then peaks at the
// table plus a few MiB, not plus a whole column of the later part.
void append_column(std::vector<double>& values, std::vector<double>&& later);

}  // namespace latbench::logs
