// SPDX-License-Identifier: MIT
// PLACEHOLDER: replaced by the real tests of this unit before it is committed.
#include "guitestutil.h"

class Test_hardwarepage : public QObject {
    Q_OBJECT
};

QTEST_MAIN(Test_hardwarepage)
#include "tst_hardwarepage.moc"
